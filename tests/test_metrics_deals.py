"""Money under a filter on the page, and the two views of deals: closed in the month, or won
from the leads handed over in it, each labelled and each a link that keeps the filters."""

from datetime import UTC, datetime, timedelta

from tests.factories import make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.leads.services import close, rate
from workspace.metrics.spend import record_spend

FEBRUARY = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)


def _won(marketer, rep, at, closed, value, **fields):
    lead = make_lead(marketer, at=at, assigned_to=rep, **fields)
    clock.freeze(closed - timedelta(hours=1))
    rate(lead, rep, 5, "accepted", "fits")
    close(lead, rep, won=True, deal_value=value, attribution="both", closed_at=closed)
    return lead


def _company():
    """March: four webinar leads and one ebook lead handed over; one February webinar lead
    won in March; spend on the webinar campaign, the ebook source and the sales team."""
    head = make_user("marketing", "head")
    sla_in_force(head, make_user("sales", "head"), at=FEBRUARY - timedelta(days=10))
    rep = make_user("sales", "member", name="Rosa Vidal")
    marketer = make_user("marketing", "member")
    _won(marketer, rep, FEBRUARY, T0 + timedelta(days=5), 40_000_00, campaign="Q1")
    for number in range(4):
        make_lead(marketer, at=T0, assigned_to=rep, company=f"Webinar {number}", campaign="Q1")
    make_lead(marketer, at=T0, assigned_to=rep, source="ebook", campaign="Pricing")
    clock.freeze(None)
    record_spend(head, "2026-03", "marketing", "Q1", 2_000_00)
    record_spend(head, "2026-03", "marketing", "ebook", 1_000_00)
    record_spend(head, "2026-03", "sales", "Sales team", 7_000_00)
    return rep


def test_money_under_a_source_filter_uses_that_sources_spend_only(marketer_client):
    _company()
    page = marketer_client.get("/metrics/?month=2026-03&source=webinar").get_data(as_text=True)
    assert "$2,000.00 ÷ 4 leads" in page  # not the $3,000.00 of every campaign
    assert "$500.00" in page
    assert ("CAC and ROI are not available for this filter: $7,000.00 (Sales team) paid for "
            "leads both inside and outside it, and cannot be split.") in page
    assert "customers won" not in page and "Pricing" not in page.split('id="money-title"')[1]
    everything = marketer_client.get("/metrics/?month=2026-03").get_data(as_text=True)
    assert "$3,000.00 ÷ 5 leads" in everything and "$10,000.00 ÷ 1 customers won" in everything
    assert "not available" not in everything


def test_money_under_a_rep_filter_says_spend_is_not_per_rep(marketer_client):
    rep = _company()
    page = marketer_client.get(f"/metrics/?month=2026-03&rep_id={rep.id}").get_data(
        as_text=True)
    assert "not available for one rep: spend is entered per campaign or source" in page
    assert "÷ 5 leads" not in page and "$600.00" not in page
    assert "$40,000.00" in page  # the rep's revenue won is still theirs


def test_the_two_views_of_deals_are_labelled_and_keep_the_filters(marketer_client):
    _company()
    closed = marketer_client.get("/metrics/?month=2026-03&source=webinar").get_data(
        as_text=True)
    assert 'aria-current="page">Closed in March</a>' in closed
    assert "Deals won or lost in March 2026, whenever their leads were handed over." in closed
    assert 'aria-label="Deals won: 1 deal, share of the deals closed 100%"' in closed
    assert 'href="/metrics/?month=2026-03&amp;deals=handoff&amp;source=webinar"' in closed
    cohort = marketer_client.get("/metrics/?month=2026-03&source=webinar&deals=handoff")
    body = cohort.get_data(as_text=True)
    assert 'aria-current="page">Of the leads handed over in March</a>' in body
    assert "Of the leads handed over in March 2026, as far as each has come today." in body
    assert 'aria-label="Won: 0 leads"' in body
    assert 'name="deals" value="handoff"' in body  # the filter form keeps the view
    assert 'href="/metrics/?month=2026-02&amp;source=webinar&amp;deals=handoff"' in body


def test_the_trend_and_the_review_count_deals_the_chosen_way(marketer_client):
    _company()
    closed = marketer_client.get("/metrics/?month=2026-03").get_data(as_text=True)
    march_row = closed.split("Mar 2026</a></th>")[1].split("</tr>")[0]
    assert "<td>1 <span" in march_row and "$40,000.00" in march_row
    cohort = marketer_client.get("/metrics/?month=2026-03&deals=handoff").get_data(as_text=True)
    assert "<td>0</td>" in cohort.split("Mar 2026</a></th>")[1].split("</tr>")[0]
    assert "<td>1 <span" in cohort.split("Feb 2026</a></th>")[1].split("</tr>")[0]
    review = marketer_client.get("/metrics/review/2026-03").get_data(as_text=True)
    assert "SLA review for March 2026" in review and "Win rate" in review
    handoff = marketer_client.get("/metrics/review/2026-03?deals=handoff").get_data(
        as_text=True)
    assert "Won so far" in handoff and 'aria-current="page">Of the leads handed over' in handoff
