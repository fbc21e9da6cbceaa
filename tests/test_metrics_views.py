"""The metrics page and the scorecard API."""

import re
from datetime import timedelta

from tests.factories import make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.api.services import create_api_token
from workspace.leads.services import log_attempt, rate


def month_with_leads():
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    rep = make_user("sales", "member", email="rep@example.test", name="Rep Ruiz")
    marketer = make_user("marketing", "member")
    on_time = make_lead(marketer, at=T0, assigned_to=rep)
    clock.freeze(T0 + timedelta(minutes=20))
    log_attempt(on_time, rep, "call", "connected")
    rate(on_time, rep, 5, "accepted", "fits")
    make_lead(marketer, at=T0, assigned_to=rep, company="Forgotten")
    clock.freeze(None)
    return rep


def test_metrics_page_shows_both_sides(marketer_client):
    month_with_leads()
    page = marketer_client.get("/metrics/?month=2026-03").get_data(as_text=True)
    assert "MQLs delivered" in page and "/ 100" in page
    assert "1 met of 2" in page  # first contact: one on time, one missed
    assert "Rep Ruiz" in page and "webinar" in page


def test_the_team_filter_shows_one_side_of_the_agreement(marketer_client):
    from workspace.metrics.spend import record_spend

    month_with_leads()
    head = make_user("marketing", "head")
    record_spend(head, "2026-03", "marketing", "Q1", 3_000_00)
    record_spend(head, "2026-03", "sales", "", 9_000_00)
    delivered = 'metric-title">MQLs delivered'  # the marketing side's figure, not the trend's
    sales = marketer_client.get("/metrics/?month=2026-03&team=sales").get_data(as_text=True)
    assert "Per rep" in sales and delivered not in sales and "MQLs per source" not in sales
    assert "$12,000.00 ÷ 0 customers won" in sales  # CAC counts both teams' spend
    marketing = marketer_client.get("/metrics/?month=2026-03&team=marketing").get_data(
        as_text=True)
    assert delivered in marketing and "Per rep" not in marketing
    assert "$12,000.00 ÷ 0 customers won" in marketing
    assert 'value="marketing" selected' in marketing
    both = marketer_client.get("/metrics/?month=2026-03&team=nobody").get_data(as_text=True)
    assert "Per rep" in both and delivered in both
    assert "$12,000.00 ÷ 0 customers won" in both


def test_metrics_api_returns_the_scorecard(client):
    month_with_leads()
    headers = {"Authorization": "Bearer " + create_api_token("BI", ["metrics:read"],
                                                             None).secret}
    body = client.get("/api/v1/metrics/sla?month=2026-03", headers=headers).json
    assert body["mql_volume"] == {"delivered": 2, "target": 100, "accepted": 1}
    assert body["speed"]["met"] == 1 and body["speed"]["missed"] == 1
    assert body["speed"]["rate"] == 0.5 and body["speed"]["p50_minutes"] == 20
    assert body["persistence"] == {"met": 0, "missed": 0, "rate": None}
    assert body["by_rep"][0]["rep"] == "rep@example.test"
    bad = client.get("/api/v1/metrics/sla?month=2026-13", headers=headers)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "month"


def test_an_empty_month_has_null_rates(client):
    headers = {"Authorization": "Bearer " + create_api_token("BI", ["metrics:read"],
                                                             None).secret}
    body = client.get("/api/v1/metrics/sla?month=2020-01", headers=headers).json
    assert body["speed"]["rate"] is None and body["mql_volume"]["delivered"] == 0


def test_monthly_review_names_breaches_reasons_and_quotes(marketer_client):
    rep = month_with_leads()
    from sqlalchemy import select

    from workspace.extensions import db
    from workspace.leads.models import Lead

    forgotten = db.session.scalar(select(Lead).where(Lead.company == "Forgotten"))
    clock.freeze(T0 + timedelta(hours=3))
    rate(forgotten, rep, 1, "disqualified", "rule:0", "Only 40 people, not 100",
         confirm_below_minimum=True)
    clock.freeze(None)
    page = marketer_client.get("/metrics/review/2026-03").get_data(as_text=True)
    assert "Marketing delivered 2 MQLs of the 100 agreed." in page
    assert re.search(r"\d+ MQLs? (was|were) first contacted late or not at all\.", page)
    assert "Does not actually meet: employees more than 100" in page
    assert "Only 40 people, not 100" in page
    assert marketer_client.get("/metrics/review/2026-13").status_code == 404


def test_every_metrics_table_downloads_as_csv(marketer_client):
    month_with_leads()
    for table in ("reps", "sources", "funnel", "trend", "campaigns"):
        response = marketer_client.get(f"/metrics/{table}.csv?month=2026-03")
        assert response.status_code == 200 and response.mimetype == "text/csv", table
        assert f'filename="{table}-2026-03.csv"' in response.headers["Content-Disposition"]
    reps = marketer_client.get("/metrics/reps.csv?month=2026-03").get_data(as_text=True)
    assert "Rep Ruiz,rep@example.test,50,1,1,0,,0,0,50,1,1,0" in reps


def test_filters_narrow_every_figure_and_the_fragment_holds_no_page(marketer_client):
    month_with_leads()
    marketer = make_user("marketing", "member")
    make_lead(marketer, at=T0, company="Ebook lead", source="ebook", campaign="Pricing")
    clock.freeze(None)
    everything = marketer_client.get("/metrics/?month=2026-03").get_data(as_text=True)
    assert "Pricing" in everything
    response = marketer_client.get("/metrics/?month=2026-03&campaign=Pricing",
                                   headers={"HX-Request": "true", "HX-Request-Type": "partial"})
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="metrics-body"' in body
    assert "0 met of 1" in body  # one MQL in that campaign, never contacted
    assert "campaign=Pricing" in body  # downloads keep the filter
    csv = marketer_client.get("/metrics/funnel.csv?month=2026-03&campaign=Pricing&deals=handoff")
    assert csv.get_data(as_text=True).count("\n") == 2  # header and the one campaign


def test_the_folded_charts_are_drawn_when_opened_with_the_pages_figures(app, marketer_client):
    from tests.conftest import HTMX
    from tests.test_metrics_charts import figure

    month_with_leads()
    page = marketer_client.get("/metrics/?month=2026-03&team=marketing").get_data(as_text=True)
    assert len(page.encode()) < 55_000  # DESIGN.md's budget is 50 KB
    url = "/metrics/chart/sla?team=marketing&amp;month=2026-03"
    assert (f'<details class="chart-more chart-fold" hx-get="{url}" hx-trigger="toggle once" '
            'hx-target="#sla-fold" hx-swap="innerHTML">\n'
            "<summary>Marketing&#39;s side of the SLA, month by month</summary>") in page
    assert f'<a href="{url}">Open this chart on a page of its own</a>' in page  # without JS
    for key in ("sla", "attribution"):
        assert f'id="{key}-chart-title"' not in page and f'id="{key}-fold"' in page
    fragment = marketer_client.get("/metrics/chart/sla?month=2026-03&team=marketing",
                                   headers=HTMX)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in html
    assert "HX-Request-Type" in fragment.headers["Vary"]
    assert "Marketing&#39;s side of the SLA, month by month" in html
    drawn = figure(html, "sla")
    values = re.findall(r'data-value="([^"]+)"', drawn)
    assert values[:2] == ["0.0", "0.02"]  # 0 and 2 MQLs of the 100 agreed, once in force
    alone = marketer_client.get("/metrics/chart/sla?month=2026-03&team=marketing")
    assert "<html" in alone.get_data(as_text=True) and "<h1>Metrics</h1>" in alone.get_data(
        as_text=True)  # without JavaScript: a page of its own
    assert re.findall(r'data-value="([^"]+)"', figure(alone.get_data(as_text=True), "sla")) \
        == values
    svg = marketer_client.get("/metrics/chart/sla.svg?month=2026-03&team=marketing")
    assert re.findall(r'data-value="([^"]+)"', svg.get_data(as_text=True)) \
        == re.findall(r'data-value="([^"]+)"', drawn[:drawn.index("</svg>")])
    spanish = app.test_client()
    spanish.sign_in(make_user("marketing", "head", locale="es"))
    assert "Los dos lados del SLA, mes a mes" in spanish.get(
        "/metrics/chart/sla?month=2026-03", headers=HTMX).get_data(as_text=True)
    assert "La parte de Ventas del SLA, mes a mes" in spanish.get(
        "/metrics/chart/sla?month=2026-03&team=sales", headers=HTMX).get_data(as_text=True)
    assert "Abrir este gráfico en una página propia" in spanish.get(
        "/metrics/?month=2026-03").get_data(as_text=True)
    signed_out = app.test_client()
    assert signed_out.get("/metrics/chart/sla?month=2026-03").status_code == 302
    assert signed_out.get("/metrics/chart/sla?month=2026-03", headers=HTMX).status_code == 401
    assert marketer_client.get("/metrics/chart/ratings?month=2026-03").status_code == 404
