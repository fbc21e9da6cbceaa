"""The lead loop's rules: qualification at hand-off, assignment, attempts, ratings, closing."""

from datetime import timedelta

import pytest

from tests.factories import make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.extensions import db
from workspace.leads import services
from workspace.leads.models import Rating


@pytest.fixture
def team():
    people = {"mkt_head": make_user("marketing", "head"), "sales_head": make_user("sales", "head"),
              "marketer": make_user("marketing", "member", name="Marta"),
              "rep1": make_user("sales", "member", name="Rep One"),
              "rep2": make_user("sales", "member", name="Rep Two")}
    sla_in_force(people["mkt_head"], people["sales_head"])
    return people


def test_a_lead_is_judged_by_the_sla_in_force_and_gets_its_deadlines(team):
    lead = make_lead(team["marketer"])
    assert lead.is_mql and lead.sla_version == 1 and lead.min_attempts == 4
    assert lead.first_contact_due_at == T0 + timedelta(minutes=60)
    assert lead.feedback_due_at == T0 + timedelta(hours=48)
    assert [r["passed"] for r in lead.reasons] == [True, True, True]


def test_edge_values_and_missing_fields(team):
    exactly = make_lead(team["marketer"], employees=100)
    assert not exactly.is_mql and exactly.reasons[0]["actual"] == 100
    unknown = make_lead(team["marketer"], employees=None)
    assert not unknown.is_mql and unknown.reasons[0]["actual"] is None


def test_the_version_in_force_at_hand_off_judges_not_todays(team):
    late = sla_in_force(team["mkt_head"], team["sales_head"], at=T0 + timedelta(days=5),
                        first_contact_minutes=30)
    early = make_lead(team["marketer"], at=T0)
    later = make_lead(team["marketer"], at=T0 + timedelta(days=6))
    assert (early.sla_version, later.sla_version) == (1, late.number)
    assert later.first_contact_due_at - later.handed_over_at == timedelta(minutes=30)


def test_without_an_sla_a_lead_is_not_evaluated():
    lead = make_lead(make_user("marketing", "member"), at=T0)
    assert lead.is_mql is None and lead.first_contact_due_at is None


def test_round_robin_skips_deactivated_reps(team):
    first = make_lead(team["marketer"])
    second = make_lead(team["marketer"])
    assert {first.assigned_to.name, second.assigned_to.name} == {"Rep One", "Rep Two"}
    team["rep2"].deactivated_at = clock.now()
    db.session.commit()
    assert {make_lead(team["marketer"]).assigned_to.name for _ in range(2)} == {"Rep One"}


def test_only_marketing_and_the_admin_hand_over(team):
    with pytest.raises(services.LeadRefused):
        make_lead(team["rep1"])


def test_attempts_move_the_lead_to_working_and_count(team):
    lead = make_lead(team["marketer"], assigned_to=team["rep1"])
    clock.freeze(T0 + timedelta(minutes=30))
    services.log_attempt(lead, team["rep1"], "call", "no_answer")
    services.log_attempt(lead, team["rep1"], "email", "left_message",
                         at=T0 + timedelta(minutes=10))
    assert lead.status == "working" and lead.attempts_count == 2
    assert lead.first_attempt_at == T0 + timedelta(minutes=10)
    with pytest.raises(services.LeadRefused):
        services.log_attempt(lead, team["rep2"], "call", "connected")


def test_disqualifying_below_the_minimum_needs_confirmation_and_is_recorded(team):
    lead = make_lead(team["marketer"], assigned_to=team["rep1"])
    clock.freeze(T0 + timedelta(hours=1))
    with pytest.raises(services.BelowMinimumAttempts):
        services.rate(lead, team["rep1"], 2, "disqualified", "no_budget")
    services.rate(lead, team["rep1"], 2, "disqualified", "no_budget",
                  confirm_below_minimum=True)
    assert lead.status == "disqualified" and lead.disqualified_below_minimum


def test_ratings_are_kept_latest_verdict_wins_first_time_counts(team):
    lead = make_lead(team["marketer"], assigned_to=team["rep1"])
    clock.freeze(T0 + timedelta(hours=5))
    services.rate(lead, team["rep1"], 3, "nurture", "bad_timing")
    clock.freeze(T0 + timedelta(hours=50))
    services.rate(lead, team["sales_head"], 5, "accepted", "fits")
    assert lead.status == "accepted" and lead.rating == 5
    assert lead.first_rated_at == T0 + timedelta(hours=5)
    assert db.session.query(Rating).filter_by(lead_id=lead.id).count() == 2


def test_closing_needs_an_accepted_lead_value_and_credit(team):
    lead = make_lead(team["marketer"], assigned_to=team["rep1"])
    with pytest.raises(services.LeadRefused):
        services.close(lead, team["rep1"], won=True, deal_value=100_00, attribution="both")
    services.rate(lead, team["rep1"], 4, "accepted", "fits")
    with pytest.raises(services.LeadRefused):
        services.close(lead, team["rep1"], won=True, deal_value=None, attribution="both")
    services.close(lead, team["rep1"], won=True, deal_value=12_500_00, attribution="both")
    assert lead.status == "won" and lead.deal_value == 12_500_00


def test_only_the_sales_head_reassigns(team):
    lead = make_lead(team["marketer"], assigned_to=team["rep1"])
    with pytest.raises(services.LeadRefused):
        services.reassign(lead, team["rep1"], team["rep2"])
    services.reassign(lead, team["sales_head"], team["rep2"])
    assert lead.assigned_to_id == team["rep2"].id


def test_heads_change_a_won_deals_credit_with_a_reason(team):
    from workspace.comments.services import thread

    lead = make_lead(team["marketer"], assigned_to=team["rep1"])
    services.rate(lead, team["rep1"], 5, "accepted", "fits")
    services.close(lead, team["rep1"], won=True, deal_value=10_000_00, attribution="sales")
    with pytest.raises(services.LeadRefused):
        services.change_attribution(lead, team["rep1"], "both", "I say so")
    with pytest.raises(services.LeadRefused):
        services.change_attribution(lead, team["mkt_head"], "both", "")
    services.change_attribution(lead, team["mkt_head"], "both", "It came from the webinar")
    assert lead.attribution == "both"
    assert thread(lead)[0][0].body == (
        "Credit changed from sales to both teams: It came from the webinar")
