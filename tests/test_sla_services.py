"""The SLA lifecycle, hashing and rules, as services."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from tests.factories import make_user
from workspace import clock
from workspace.extensions import db
from workspace.sla import services
from workspace.sla.hashing import canonical_content, content_hash
from workspace.sla.rules import RuleError, check, clean_rule

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RULES = [clean_rule("employees", ">", "100"),
         clean_rule("days_since_engagement", "<=", "30"),
         clean_rule("marketing_budget_monthly", ">", "30000")]


@pytest.fixture
def heads():
    return make_user("marketing", "head", name="Lucía"), make_user("sales", "head", name="David")


def proposed_version(heads, **changes):
    marketing, _ = heads
    version = services.draft_version(marketing)
    fields = {"text": "We agree on the MQL.", "mql_rules": RULES, "review_on": "2026-09-01",
              **changes}
    services.edit_draft(version, fields, version.current_revision, marketing)
    return services.propose(version, marketing)


def test_only_heads_draft_and_sign(heads):
    with pytest.raises(services.SlaRefused):
        services.draft_version(make_user("marketing", "member"))
    version = proposed_version(heads)
    with pytest.raises(services.SlaRefused):
        services.sign(version, make_user("sales", "member"), version.content_hash)


def test_both_signatures_make_it_active_and_supersede_the_previous(heads):
    marketing, sales = heads
    clock.freeze(T0)
    first = proposed_version(heads)
    services.sign(first, marketing, first.content_hash)
    assert first.status == "proposed"
    services.sign(first, sales, first.content_hash)
    assert first.status == "signed" and first.effective_from == T0
    assert services.version_in_force() == first

    clock.freeze(T0 + timedelta(days=30))
    second = proposed_version(heads, first_contact_minutes=30)
    services.sign(second, sales, second.content_hash)
    services.sign(second, marketing, second.content_hash)
    assert services.version_in_force() == second
    assert services.version_in_force(T0 + timedelta(days=1)) == first
    assert first.status_at(clock.now(), second.number) == "superseded"


def test_a_later_effective_date_schedules_the_version(heads):
    marketing, sales = heads
    clock.freeze(T0)
    version = proposed_version(heads, effective_on="2026-04-01")
    services.sign(version, marketing, version.content_hash)
    services.sign(version, sales, version.content_hash)
    assert version.effective_from == datetime(2026, 4, 1, tzinfo=UTC)
    assert services.version_in_force() is None
    assert version.status_at(clock.now(), None) == "scheduled"
    assert services.version_in_force(datetime(2026, 4, 1, tzinfo=UTC)) == version


def test_one_signature_per_team(heads):
    marketing, _ = heads
    version = proposed_version(heads)
    services.sign(version, marketing, version.content_hash)
    with pytest.raises(services.SlaRefused):
        services.sign(version, make_user("marketing", "head"), version.content_hash)


def test_signing_a_hash_that_is_no_longer_the_proposal_fails(heads):
    marketing, _ = heads
    version = proposed_version(heads)
    with pytest.raises(services.SlaRefused):
        services.sign(version, marketing, "0" * 64)
    assert version.signatures == []


def test_a_proposed_version_cannot_be_edited_by_the_service_or_the_database(heads):
    marketing, _ = heads
    version = proposed_version(heads)
    with pytest.raises(services.SlaRefused):
        services.edit_draft(version, {"text": "sneaky"}, version.current_revision, marketing)
    with pytest.raises(Exception, match="frozen"):
        db.session.execute(text("UPDATE agreement_versions SET text = 'sneaky' WHERE id = :id"),
                           {"id": version.id})
        db.session.flush()
    db.session.rollback()


def test_proposal_needs_rules_target_review_date_and_text(heads):
    marketing, _ = heads
    version = services.draft_version(marketing)
    with pytest.raises(services.SlaRefused) as refused:
        services.propose(version, marketing)
    assert "at least one rule" in str(refused.value) and "review date" in str(refused.value)


def test_withdraw_returns_the_content_as_a_new_draft(heads):
    marketing, sales = heads
    version = proposed_version(heads, first_contact_minutes=45)
    with pytest.raises(services.SlaRefused):
        services.withdraw(version, sales, " ")
    redraft = services.withdraw(version, sales, "45 minutes is not realistic on Mondays")
    assert version.status == "withdrawn"
    assert redraft.status == "draft" and redraft.first_contact_minutes == 45
    assert redraft.number == version.number + 1


def content(**changes):
    values = dict(number=2, text="Acuerdo", mql_target_per_month=100,
                  mql_rules=[{"field": "employees", "op": ">", "value": 100}],
                  first_contact_minutes=60, min_attempts=4, feedback_hours=48,
                  review_on="2026-09-01", effective_on=None)
    return SimpleNamespace(**{**values, **changes})


def test_canonical_hash_ignores_key_order_and_normalises_text():
    decomposed = content(text="Cafe\u0301\r\nline",
                         mql_rules=[{"value": 100, "op": ">", "field": "employees"}])
    composed = content(text="Café\nline")
    assert content_hash(decomposed) == content_hash(composed)
    assert canonical_content(decomposed)["text"] == "Café\nline"
    assert content_hash(content(first_contact_minutes=30)) != content_hash(content())


def test_canonical_hash_is_a_known_value():
    # Pinned: the canonical form is a contract with every signature already made.
    assert content_hash(content()) == (
        "722e695cc10412523ab699dc0e99662c2110e366608cc958841081ee6f228686")


def test_rules_on_edge_values_and_missing_fields():
    handed_off = T0
    lead = {"employees": 100, "marketing_budget_monthly": 3_000_001,
            "last_engaged_at": T0 - timedelta(days=30, hours=23)}
    qualifies, reasons = check(RULES, lead, handed_off)
    assert not qualifies
    assert [(r.field, r.actual, r.passed) for r in reasons] == [
        ("employees", 100, False), ("days_since_engagement", 30, True),
        ("marketing_budget_monthly", 3_000_001, True)]
    qualifies, reasons = check(RULES, {}, handed_off)
    assert not qualifies and reasons[0].actual is None and not reasons[0].passed


def test_rule_validation_names_the_problem():
    with pytest.raises(RuleError) as error:
        clean_rule("revenue", ">", "1")
    assert error.value.field == "field"
    with pytest.raises(RuleError):
        clean_rule("employees", ">", "-5")
    with pytest.raises(RuleError):
        clean_rule("industry", ">", "saas")
    assert clean_rule("country", "in", "ES, mx") == {"field": "country", "op": "in",
                                                     "value": ["es", "mx"]}
    assert clean_rule("marketing_budget_monthly", ">=", "30,000.50")["value"] == 3_000_050


def test_terms_mentioned_in_an_agreement_list_it_as_where_used(heads):
    from tests.glossary_builders import make_term
    from workspace.glossary.usage import where_used

    marketing, _ = heads
    mql = make_term(marketing, "MQL", "A qualified lead.")
    version = services.draft_version(marketing)
    services.edit_draft(version, {"text": "Marketing hands over 100 MQL a month."}, 1,
                        marketing)
    assert where_used(mql) == [("SLA v1", "agreement", version.id)]
