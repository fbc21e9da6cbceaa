"""The SLA editor's impact preview and funnel calculator, in SQL."""

from datetime import UTC, datetime, timedelta

from tests.factories import make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.leads.services import close, rate
from workspace.months import month_range
from workspace.sla.impact import historical_rates, impact
from workspace.sla.rules import check, clean_rule


def test_sql_rules_agree_with_the_python_check_on_every_field():
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    marketer = make_user("marketing", "member")
    leads = [
        make_lead(marketer, employees=150, country="es", source="Webinar",
                  last_engaged_at=T0 - timedelta(days=5, hours=3)),
        make_lead(marketer, employees=100, country="mx", source="ebook",
                  last_engaged_at=T0 - timedelta(days=40)),
        make_lead(marketer, employees=None, country="es", source="webinar",
                  marketing_budget_monthly=None, last_engaged_at=None),
    ]
    rules = [clean_rule("employees", ">=", "100"), clean_rule("country", "in", "es, mx"),
             clean_rule("source", "=", "webinar"),
             clean_rule("days_since_engagement", "<=", "30")]
    months = [("2026-03", *month_range(2026, 3, "UTC"))]
    expected = sum(check(rules, {f: getattr(x, f) for f in (
        "employees", "country", "source", "last_engaged_at", "marketing_budget_monthly")},
        x.handed_over_at)[0] for x in leads)
    assert impact(rules, months)[0].draft_mqls == expected == 1
    assert impact([clean_rule("employees", "<", "120")], months)[0].draft_mqls == 1
    assert impact([], months)[0].draft_mqls == 0


def test_the_preview_compares_with_what_was_judged_then(marketing_head_client):
    head = make_user("marketing", "head")
    sla_in_force(head, make_user("sales", "head"), at=datetime(2026, 7, 1, tzinfo=UTC))
    marketer = make_user("marketing", "member")
    make_lead(marketer, at=datetime(2026, 9, 10, tzinfo=UTC), employees=150,
              last_engaged_at=datetime(2026, 9, 9, tzinfo=UTC))
    make_lead(marketer, at=datetime(2026, 9, 11, tzinfo=UTC), employees=60,
              last_engaged_at=datetime(2026, 9, 9, tzinfo=UTC))
    clock.freeze(None)
    marketing_head_client.post_form("/sla/drafts")
    response = marketing_head_client.post_form("/sla/2/impact", {
        "mql_target_per_month": "100", "rules-0-field": "employees", "rules-0-op": ">",
        "rules-0-value": "50"}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert '<th scope="row">September 2026</th><td>1</td>' in body and "<strong>2</strong>" in body


def test_the_calculator_shows_its_arithmetic(marketing_head_client):
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"),
                 at=clock.now() - timedelta(days=60))
    marketer, rep = make_user("marketing", "member"), make_user("sales", "member")
    start = clock.now() - timedelta(days=30)
    for index in range(4):
        lead = make_lead(marketer, at=start + timedelta(hours=index), assigned_to=rep,
                         last_engaged_at=start)
        if index < 2:
            rate(lead, rep, 5, "accepted", "fits")
            close(lead, rep, won=index == 0, deal_value=8_000_00 if index == 0 else None,
                  attribution="both" if index == 0 else None,
                  lost_reason="" if index == 0 else "No budget")
    clock.freeze(None)
    rates = historical_rates(start - timedelta(days=1), clock.now())
    assert (rates.average_deal, rates.sql_to_won, rates.mql_to_sql) == (8_000_00, 0.5, 0.5)
    body = marketing_head_client.get("/sla/calculator?revenue=300000",
                                     headers={"HX-Request": "true",
                                              "HX-Request-Type": "partial"}).get_data(
        as_text=True)
    assert "= 150 MQLs a quarter ≈ 50 a month" in body
