"""The demo company's SLA: v1 superseded, v2 in force with the articles' numbers, v3 drafted."""

from datetime import timedelta

from workspace import clock
from workspace.auth.models import User
from workspace.comments.services import add_comment
from workspace.sla import services
from workspace.sla.rules import clean_rule

TEXT = """## Purpose
Marketing and sales commit to measurable hand-offs so that nobody argues about whose leads or
whose follow-up was bad: the workspace shows it.

## Scope
Every lead marketing hands over through the form, the CSV import or the CRM integration.
Each lead is judged by the version in force at its hand-off.

## Escalation
A missed commitment is raised in the weekly sync; twice in a month, in the heads' one-on-one.
"""

RULES = [("employees", ">", "100"), ("days_since_engagement", "<=", "30"),
         ("marketing_budget_monthly", ">", "30000")]


def seed_sla(people: dict[str, User]) -> None:
    marketing, sales = people["marketing_head"], people["sales_head"]
    start = clock.now() - timedelta(days=150)
    try:
        clock.freeze(start)
        first = _signed(marketing, sales, first_contact_minutes=120, min_attempts=3,
                        mql_target_per_month=80, review_on=_iso(start + timedelta(days=60)))
        clock.freeze(start + timedelta(days=45))
        second = services.draft_version(sales, first)
        services.edit_draft(second, {
            "mql_target_per_month": 100, "first_contact_minutes": 60, "min_attempts": 4,
            "review_on": _iso(clock.now() + timedelta(days=180))}, second.current_revision,
            sales, "the seed articles' numbers")
        add_comment(marketing, second, "100 MQLs is fine if sales really calls within the hour.")
        clock.freeze(start + timedelta(days=47))
        services.propose(second, sales)
        services.sign(second, sales, second.content_hash)
        clock.freeze(start + timedelta(days=48))
        services.sign(second, marketing, second.content_hash)
        clock.freeze(clock.now() + timedelta(days=95))
        draft = services.draft_version(marketing, second)
        services.edit_draft(draft, {"first_contact_minutes": 30}, draft.current_revision,
                            marketing, "first contact within 30 minutes")
        add_comment(sales, draft, "30 minutes only works for MQLs handed over in office hours. "
                                  f"@{people['marketing_head'].email.split('@')[0]} can we say "
                                  "so in the text?")
    finally:
        clock.freeze(None)


def _signed(marketing: User, sales: User, **content):
    version = services.draft_version(marketing)
    services.edit_draft(version, {"text": TEXT, "mql_rules": [clean_rule(*r) for r in RULES],
                                  "feedback_hours": 48, **content},
                        version.current_revision, marketing, "first agreement")
    services.propose(version, marketing)
    services.sign(version, marketing, version.content_hash)
    services.sign(version, sales, version.content_hash)
    return version


def _iso(moment) -> str:
    return moment.date().isoformat()
