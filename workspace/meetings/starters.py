"""What a new meeting's agenda starts from, by kind, in the organiser's language (the items
are theirs to reword, reorder or remove, like any typed item).

From the seed articles: the heads' one-on-one asks the five questions of a good working
relationship; the planning meeting gives each team equal time for the five goal questions;
the SLA review walks the scorecard, or, turned from a month's review, that month's breaches
and rejection reasons; the weekly sync shares what each team learned.
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from workspace.auth.models import User
from workspace.months import Month, month_name

PLANNING_MINUTES = 25  # per team: the article asks for equal time for both


@dataclass(frozen=True)
class Starter:
    text: str
    source: str = "template"  # or "review": from a month's SLA review
    presenter_id: int | None = None
    minutes: int | None = None


def starters(kind: str, attendees: list[User], review: Month | None = None,
             locale: str = "en") -> list[Starter]:
    if kind == "one_on_one":
        return [Starter(text) for text in (
            _("What do you need from my team?"), _("What pressures are you under?"),
            _("What am I doing that you value?"), _("What am I undervaluing?"),
            _("What are my blind spots?"))]
    if kind == "planning":
        return [_planning(team, attendees) for team in ("marketing", "sales")]
    if kind == "sla_review":
        return (_review(review, locale) if review is not None else []) or [
            Starter(text) for text in (
                _("Marketing's delivery: MQLs against the agreed target"),
                _("Sales' follow-up: speed-to-lead, attempts and feedback on time"),
                _("Why sales did not accept MQLs"),
                _("Changes to propose to the agreement"))]
    if kind == "weekly_sync":
        return [Starter(_("What marketing learned this week")),
                Starter(_("What sales heard from leads this week"))]
    return []


def _planning(team: str, attendees: list[User]) -> Starter:
    head = next((p for p in attendees if p.team == team and p.is_head), None)
    questions = (_("what we want this period and why; which initiatives; what stands in the "
                   "way; which resources or data we need; how the other team can help"))
    label = _("Marketing") if team == "marketing" else _("Sales")
    return Starter(_("%(team)s: %(questions)s", team=label, questions=questions),
                   presenter_id=head.id if head else None, minutes=PLANNING_MINUTES)


def _review(month: Month, locale: str) -> list[Starter]:
    """The month's review as items: each commitment missed, then the top rejection reasons."""
    from workspace.metrics import review
    from workspace.metrics.queries import month_scorecard
    from workspace.templating import current_workspace

    card = month_scorecard(month)
    if not card.delivered and not card.target:
        return []  # nothing handed over, nothing agreed: the scorecard's questions instead
    found = [Starter(breach.text, "review") for breach in review.breaches(card)]
    reasons = review.rejection_reasons(card, current_workspace().currency)[:3]
    if reasons:
        found.append(Starter(_("Why sales did not accept MQLs: %(reasons)s", reasons=", ".join(
            f"{_reason(label)} ({count})" for label, count in reasons)), "review"))
    name = month_name(month.label, locale)
    return found or [Starter(_("%(month)s: every commitment was met.", month=name), "review")]


def _reason(code: str) -> str:
    from workspace.i18n import fast_gettext
    from workspace.leads.labels import REASONS

    return fast_gettext(REASONS[code]) if code in REASONS else code
