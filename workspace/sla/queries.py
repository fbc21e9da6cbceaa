"""Read models of the SLA pages: the overview, one version, clause-by-clause comparison."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from workspace import clock
from workspace.diffing import word_diff
from workspace.extensions import db
from workspace.glossary.models import Term
from workspace.sla import services
from workspace.sla.models import AgreementVersion, TermReference
from workspace.sla.rules import describe
from workspace.sla.verification import verify


def field_labels() -> dict:
    return {"text": _("Agreement text"), "mql_target_per_month": _("MQLs per month"),
            "mql_rules": _("MQL definition"), "first_contact_minutes": _("First contact"),
            "min_attempts": _("Contact attempts"), "feedback_hours": _("Feedback"),
            "review_on": _("Review date"), "effective_on": _("Takes effect on")}


def commitments(version: AgreementVersion, currency: str) -> list[tuple[str, str, str]]:
    """(team, clause, words) for each commitment, as people read them."""
    return [
        ("marketing", _("MQL volume"), _("%(n)s MQLs a month", n=version.mql_target_per_month)),
        *[("marketing", _("MQL definition") if index == 0 else _("and"),
           describe(rule, currency)) for index, rule in enumerate(version.mql_rules or [])],
        ("sales", _("First contact"), _("within %(n)s minutes of hand-off",
                                        n=version.first_contact_minutes)),
        ("sales", _("Persistence"), _("at least %(n)s attempts before disqualifying",
                                      n=version.min_attempts)),
        ("sales", _("Feedback"), _("a rating within %(n)s hours of hand-off",
                                   n=version.feedback_hours)),
    ]


def overview() -> dict:
    versions = services.all_versions()
    in_force = services.version_in_force()
    now = clock.now()
    return {"in_force": in_force, "versions": versions, "now": now, "report": verify(versions),
            "statuses": {v.number: v.status_at(now, in_force.number if in_force else None)
                         for v in versions},
            "commitments": commitments(in_force, _currency()) if in_force else [],
            "drafts": [v for v in versions if v.status == "draft"],
            "open_draft": services.open_draft(in_force),
            "review_on": day_words(in_force.review_on) if in_force else ""}


def version_page(version: AgreementVersion) -> dict:
    in_force = services.version_in_force()
    references = db.session.execute(
        select(TermReference.term_revision, Term).join(Term, Term.id == TermReference.term_id)
        .where(TermReference.version_id == version.id).order_by(Term.name_key)).all()
    report = verify()
    return {"version": version, "intact": report.intact(version.number), "report": report,
            "breaks": report.of_version(version.number),
            "version_status": version.status_at(clock.now(),
                                                in_force.number if in_force else None),
            "in_force": in_force, "commitments": commitments(version, _currency()),
            "review_on": day_words(version.review_on),
            "effective_on": day_words(version.effective_on),
            "references": [(term, revision, term.current_revision != revision)
                           for revision, term in references]}


@dataclass
class Clause:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def compare_versions(old: AgreementVersion, new: AgreementVersion) -> dict:
    """Commitments clause by clause ("first contact: 60 → 30 minutes") and the text as a diff."""
    currency = _currency()
    labels = field_labels()
    clauses = [
        Clause(labels["mql_target_per_month"], str(old.mql_target_per_month),
               str(new.mql_target_per_month)),
        Clause(labels["mql_rules"], "; ".join(describe(r, currency) for r in old.mql_rules),
               "; ".join(describe(r, currency) for r in new.mql_rules)),
        Clause(labels["first_contact_minutes"], _("%(n)s minutes", n=old.first_contact_minutes),
               _("%(n)s minutes", n=new.first_contact_minutes)),
        Clause(labels["min_attempts"], str(old.min_attempts), str(new.min_attempts)),
        Clause(labels["feedback_hours"], _("%(n)s hours", n=old.feedback_hours),
               _("%(n)s hours", n=new.feedback_hours)),
        Clause(labels["review_on"], day_words(old.review_on) or "—",
               day_words(new.review_on) or "—"),
    ]
    return {"clauses": clauses, "text": word_diff(old.text, new.text)}


def day_words(iso: str | None) -> str:
    """A stored ISO date as the reader's language writes it ("February 15, 2027")."""
    from datetime import date

    from flask_babel import format_date

    return format_date(date.fromisoformat(iso), "long") if iso else ""


def _currency() -> str:
    from workspace.templating import current_workspace

    return current_workspace().currency


def field_words(name: str, value) -> str:
    """A content field's value as people read it, for the conflict notice."""
    if name == "mql_rules":
        return "; ".join(describe(rule, _currency()) for rule in value or [])
    return "" if value is None else str(value)
