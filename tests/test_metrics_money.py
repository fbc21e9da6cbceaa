"""Cost per lead, CAC, ROI and attribution from recorded spend and won deals."""

from datetime import timedelta

from tests.factories import make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.leads.services import close, rate
from workspace.metrics.money import CampaignCost, money_figures
from workspace.metrics.spend import record_spend
from workspace.months import Month


def test_money_figures_from_spend_and_deals():
    head = make_user("marketing", "head")
    sla_in_force(head, make_user("sales", "head"))
    rep, marketer = make_user("sales", "member"), make_user("marketing", "member")
    for value, credit in ((20_000_00, "marketing"), (10_000_00, "both")):
        lead = make_lead(marketer, at=T0, assigned_to=rep, campaign="Q1")
        clock.freeze(T0 + timedelta(days=2))
        rate(lead, rep, 5, "accepted", "fits")
        close(lead, rep, won=True, deal_value=value, attribution=credit)
    make_lead(marketer, at=T0, assigned_to=rep, campaign="Q1", employees=5)
    record_spend(head, "2026-03", "marketing", "Q1", 3_000_00)
    record_spend(head, "2026-03", "sales", "", 12_000_00)
    figures = money_figures(Month.of(2026, 3, "UTC"))
    assert (figures.leads, figures.mqls, figures.won) == (3, 2, 2)
    assert figures.cost_per_lead == 1_000_00 and figures.cost_per_mql == 1_500_00
    assert figures.cac == 7_500_00 and figures.average_deal == 15_000_00
    assert figures.roi == 1.0  # (30,000 - 15,000) / 15,000
    assert figures.attribution == {"marketing": 20_000_00, "both": 10_000_00}
    assert figures.by_campaign == [CampaignCost("Q1", "campaign", 3_000_00, 3, 2)]


def test_no_spend_means_no_ratios():
    figures = money_figures(Month.of(2026, 3, "UTC"))
    assert figures.cac is None and figures.roi is None and figures.cost_per_lead is None


def test_only_heads_and_the_admin_enter_spend(marketer_client, sales_head_client):
    assert marketer_client.get("/metrics/spend").status_code == 403
    response = sales_head_client.post_form("/metrics/spend?month=2026-03", {
        "team": "sales", "channel": "", "amount": "12000"})
    assert response.status_code == 303
    page = sales_head_client.get("/metrics/spend?month=2026-03").get_data(as_text=True)
    assert "$12,000.00" in page
    refused = sales_head_client.post_form("/metrics/spend?month=2026-03", {
        "team": "sales", "amount": "-3"})
    assert refused.status_code == 422


def test_median_sales_cycle_and_revenue_by_source():
    from workspace.metrics.funnel import median_cycle_days

    head = make_user("marketing", "head")
    sla_in_force(head, make_user("sales", "head"))
    rep, marketer = make_user("sales", "member"), make_user("marketing", "member")
    for days in (5, 10, 20):
        lead = make_lead(marketer, at=T0, assigned_to=rep, source="event")
        clock.freeze(T0 + timedelta(days=days))
        rate(lead, rep, 5, "accepted", "fits")
        close(lead, rep, won=True, deal_value=1_000_00, attribution="both")
    period = Month.of(2026, 3, "UTC")
    assert median_cycle_days(period) == 10
    assert money_figures(period).by_source == [("event", "both", 3_000_00)]
