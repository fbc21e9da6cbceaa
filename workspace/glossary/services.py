"""Verbs of the glossary: create, edit, restore, approve, ask for changes, deprecate,
reinstate."""

import re

from flask_babel import gettext as _
from sqlalchemy import select

from workspace import clock
from workspace.activity.services import record
from workspace.auth.models import TEAMS, User
from workspace.comments.services import add_comment
from workspace.database import lock_and_refresh, write_unit
from workspace.extensions import db
from workspace.glossary.models import Term, TermDecision
from workspace.glossary.usage import record_usage, reindex_all
from workspace.notifications.services import ask, follow, notify_followers
from workspace.permissions import Action, can
from workspace.revisions import create_document, restore_revision, save_revision
from workspace.text import fold, slugify


class DecisionRefused(Exception):
    pass


def term_fields(name: str, aliases: str, definition: str, examples: str, owner_team: str,
                related: str) -> dict:
    """The revisioned fields, tidied: one alias or related name per line."""
    return {"name": name.strip(), "aliases": _lines(aliases), "definition": definition.strip(),
            "examples": examples.strip(), "owner_team": owner_team,
            "related": _lines(related)}


def create_term(author: User, fields: dict, summary: str = "") -> Term:
    with write_unit():
        term = add_term(author, fields, summary)
        db.session.flush()
        ask_heads(term, author)
    return term


def edit_term(term: Term, fields: dict, base_revision: int, author: User,
              summary: str = "") -> Term:
    """Conflict-safe save; an agreed term goes back to needing both approvals."""
    with write_unit():
        was_agreed = term.status == "agreed"
        apply_edit(term, fields, base_revision, author, summary)
        if was_agreed and term.status == "reapproval":
            ask_heads(term, author)
    return term


def ask_heads(term: Term, author: User) -> None:
    """Ask both teams' heads to approve the term; each request resolves itself once their team
    approved the current revision or the term is deprecated (still_waiting_on)."""
    heads = db.session.scalars(select(User).where(
        User.role == "head", User.team.in_(TEAMS), User.deactivated_at.is_(None)))
    ask(list(heads), author, term)


def still_waiting_on(head: User):
    """SQL: the term (a notification's target) still waits for this head's team's approval."""
    from sqlalchemy import false

    from workspace.notifications.models import Notification

    if not can(head, Action.APPROVE_TERM) or head.team not in TEAMS:
        return false()
    approved = select(TermDecision.id).where(
        TermDecision.term_id == Term.id, TermDecision.revision_number == Term.current_revision,
        TermDecision.team == head.team, TermDecision.approved.is_(True)).exists()
    return select(Term.id).where(Term.id == Notification.target_id,
                                 Term.status.in_(("proposed", "reapproval")), ~approved).exists()


def add_term(author: User, fields: dict, summary: str = "", reindex: bool = True) -> Term:
    """A new proposed term with its first revision; the caller commits."""
    term = Term(slug=_free_slug(fields["name"]), status="proposed", **fields)
    _derive(term, author)
    create_document(term, author, summary or "created")
    if reindex:
        reindex_all()
    follow(author, term)
    record(author, "created", term)
    return term


def apply_edit(term: Term, fields: dict, base_revision: int, author: User, summary: str = "",
               reindex: bool = True) -> None:
    """Save a revision (StaleSave if `base_revision` is not current); the caller commits."""
    before, names = term.current_revision, (term.name, term.aliases)
    save_revision(term, fields, base_revision, author, summary)
    if term.current_revision == before:
        return
    renamed = (term.name, term.aliases) != names
    _derive(term, author)
    if renamed and reindex:
        reindex_all()
    elif reindex:
        record_usage(term)
    if term.status == "agreed":
        term.status = "reapproval"
    follow(author, term)
    record(author, "edited", term)
    notify_followers("change", author, term, summary)


def restore_term(term: Term, number: int, author: User) -> Term:
    with write_unit():
        before = term.current_revision
        restore_revision(term, number, author)
        if term.current_revision == before:
            return term  # the same content: nothing to restore, the agreement stands
        _derive(term, author)
        reindex_all()
        if term.status == "agreed":
            term.status = "reapproval"
            ask_heads(term, author)
        record(author, "restored", term)
    return term


def decide(term: Term, head: User, approved: bool, reason: str = "",
           seen_revision: int | None = None) -> TermDecision:
    """A head approves the current revision for their team, or asks for changes.

    `seen_revision` is the revision the head was shown; a later edit refuses the decision."""
    if not can(head, Action.APPROVE_TERM) or head.team not in TEAMS:
        raise DecisionRefused(_("Only a head of marketing or sales can approve terms."))
    if term.status == "deprecated":
        raise DecisionRefused(_("A deprecated term cannot be approved."))
    if not approved and not reason.strip():
        raise DecisionRefused(_("Say what should change, so the others can act on it."))
    if len(reason) > 2000:
        raise DecisionRefused(_("Keep the reason under %(n)d characters.", n=2000))
    with write_unit():
        lock_and_refresh(term)
        if seen_revision is not None and seen_revision != term.current_revision:
            raise DecisionRefused(_("The term changed since you opened it; read revision "
                                    "%(n)s before deciding.", n=term.current_revision))
        decision = db.session.scalar(select(TermDecision).where(
            TermDecision.term_id == term.id, TermDecision.revision_number == term.current_revision,
            TermDecision.team == head.team))
        if decision is None:
            decision = TermDecision(term_id=term.id, revision_number=term.current_revision,
                                    team=head.team)
            db.session.add(decision)
        decision.user_id, decision.approved = head.id, approved
        decision.reason, decision.decided_at = reason.strip(), clock.now()
        db.session.flush()
        if approved and _both_approved(term):
            term.status, term.approved_revision = "agreed", term.current_revision
        record(head, "approved" if approved else "rejected", term)
    if not approved:
        add_comment(head, term, _("Changes requested: %(reason)s", reason=reason.strip()))
    return decision


def deprecate_term(term: Term, user: User, replacement: Term | None) -> Term:
    with write_unit():
        if not can(user, Action.APPROVE_TERM):
            raise DecisionRefused(_("Only a head of department can deprecate a term."))
        if replacement is not None and replacement.id == term.id:
            raise DecisionRefused(_("A term cannot replace itself."))
        term.status = "deprecated"
        term.replacement_id = replacement.id if replacement else None
        record(user, "deprecated", term)
        notify_followers("change", user, term)
    return term


def reinstate_term(term: Term, user: User) -> Term:
    """Undo a deprecation: the term is agreed again only if both teams approved its current
    revision; otherwise it waits for approval like any changed term."""
    if not can(user, Action.APPROVE_TERM):
        raise DecisionRefused(_("Only a head of department can reinstate a term."))
    with write_unit():
        lock_and_refresh(term)
        if term.status != "deprecated":
            raise DecisionRefused(_("Only a deprecated term can be reinstated."))
        if _both_approved(term):
            term.status = "agreed"
        else:
            term.status = "reapproval" if term.approved_revision else "proposed"
        term.replacement_id = None
        record(user, "reinstated", term)
        notify_followers("change", user, term)
    return term


def decisions_on_current(term: Term) -> dict[str, TermDecision]:
    """Each team's decision on the current revision, if any: one query."""
    decisions = db.session.scalars(select(TermDecision).where(
        TermDecision.term_id == term.id, TermDecision.revision_number == term.current_revision))
    return {d.team: d for d in decisions}


def _both_approved(term: Term) -> bool:
    decisions = decisions_on_current(term)
    return all(team in decisions and decisions[team].approved for team in TEAMS)


def _derive(term: Term, author: User) -> None:
    term.name_key = fold(term.name)
    term.search_text = fold(" ".join([term.name, term.aliases, term.definition]))
    term.updated_at = clock.now()
    term.updated_by_id = author.id if author else None


def _free_slug(name: str) -> str:
    base = slugify(name)[:120]
    slug, n = base, 1
    while db.session.scalar(select(Term.id).where(Term.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _lines(text: str) -> str:
    items = [item.strip() for item in re.split(r"[,;\n]", text or "")]
    return "\n".join(item for item in items if item)


def load_starter(user: User, locale: str) -> list[Term]:
    """The starter glossary as proposed terms, skipping names the workspace already has."""
    from workspace.glossary.queries import term_by_name
    from workspace.glossary.starter import STARTER

    created = []
    for name, aliases, definition, examples, team, related in STARTER.get(locale, STARTER["en"]):
        if term_by_name(name) is None:
            created.append(create_term(user, term_fields(name, aliases, definition, examples,
                                                         team, related),
                                       summary="starter glossary"))
    return created
