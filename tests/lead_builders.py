"""Builders for the lead tests: an SLA in force, and leads handed over under it."""

from datetime import UTC, datetime, timedelta

from workspace import clock
from workspace.leads.services import hand_over
from workspace.sla import services as sla
from workspace.sla.rules import clean_rule

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MQL = {"company": "Acme", "employees": 250, "marketing_budget_monthly": 4_000_000,
       "last_engaged_at": T0 - timedelta(days=3), "source": "webinar", "campaign": "Q1"}


def sla_in_force(marketing, sales, at=T0 - timedelta(days=10), **changes):
    clock.freeze(at)
    version = sla.draft_version(marketing)
    fields = {"text": "We agree.", "review_on": "2026-12-01", "mql_rules": [
        clean_rule("employees", ">", "100"), clean_rule("days_since_engagement", "<=", "30"),
        clean_rule("marketing_budget_monthly", ">", "30000")], **changes}
    sla.edit_draft(version, fields, version.current_revision, marketing)
    sla.propose(version, marketing)
    sla.sign(version, marketing, version.content_hash)
    sla.sign(version, sales, version.content_hash)
    clock.freeze(None)
    return version


def make_lead(by, at=T0, assigned_to=None, **fields):
    clock.freeze(at)
    lead = hand_over(by, {**MQL, **fields}, assigned_to=assigned_to)
    return lead
