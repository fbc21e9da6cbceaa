"""The metrics pages' funnel, revenue by credit and both sides of the SLA as charts: their
figures are the ones the tables beside them read, their findings say what they show, their
edges hold, and each downloads as an SVG file that names its series."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from tests.factories import make_user
from tests.lead_builders import T0, make_lead
from tests.test_metrics_charts import (
    LABELS,
    MARCH,
    figure,
    folded,
    svg_values,
    values,
    versions,
    year,
)
from tests.test_metrics_views import month_with_leads
from workspace import clock
from workspace.charts import Slot, stacked_bars
from workspace.metrics.filters import NONE, Filters
from workspace.metrics.funnel import ClosedRow, FunnelRow
from workspace.metrics.funnel_charts import closed_chart, funnel_chart
from workspace.metrics.money import money_figures
from workspace.metrics.money_charts import attribution_chart, credit_by_month
from workspace.metrics.period import Period
from workspace.metrics.queries import month_trend
from workspace.metrics.sums import HANDOFF, MonthSums, Share
from workspace.metrics.trend_charts import trend_charts


@pytest.fixture
def english(app):
    with app.test_request_context():
        yield


def cells(html: str) -> list[list[float | None]]:
    """The figure's table of numbers, row by row: each cell's data-value (None: none)."""
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return [[None if v == "" else float(v) for v in re.findall(r'<td(?: data-value="([^"]*)")?>',
                                                              row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


def deals_won():
    """month_with_leads, plus three deals won: one handed over in January and closed in
    February (marketing's), two handed over and closed in March (sales', both's)."""
    from workspace.leads.services import close, rate

    rep = month_with_leads()
    marketer = make_user("marketing", "member")
    for index, (at, value, credit) in enumerate((
            (T0 - timedelta(days=40), 5_000_00, "marketing"), (T0, 7_000_00, "sales"),
            (T0 + timedelta(days=1), 3_000_00, "both"))):
        lead = make_lead(marketer, at=at, assigned_to=rep, company=f"Won {index}")
        clock.freeze(at + timedelta(days=max(0, 30 - 15 * index)))
        rate(lead, rep, 5, "accepted", "fits")
        close(lead, rep, True, value, credit)
    clock.freeze(None)


# The funnel: the card's own totals, a bar a stage.

def test_the_funnel_chart_is_the_cards_totals_and_its_steps(marketer_client):
    deals_won()
    page = unescape(marketer_client.get("/metrics/?month=2026-03&deals=handoff")
                    .get_data(as_text=True))
    total = month_trend(MARCH, 1, deals=HANDOFF)[-1].funnel
    drawn = figure(page, "funnel")
    assert values(drawn, "chart-bar") == [total.leads, total.mqls, total.sqls, total.won] \
        == [4, 4, 3, 2]
    table = cells(drawn)
    assert [row[0] for row in table] == [4, 4, 3, 2]
    assert [row[1] for row in table] == [None, 1.0, 0.75, pytest.approx(2 / 3, abs=1e-6)]
    assert "Of the 4 leads handed over in March 2026, 2 won so far." in page
    assert "Lead → MQL: 100%, 4 of 4. MQL → SQL: 75%, 3 of 4. SQL → won: 67%, 2 of 3." in page
    assert 'aria-label="SQL: 3 leads, MQL → SQL 75%"' in drawn
    assert 'aria-label="Leads: 4 leads"' in drawn
    assert 'class="funnel"' not in page  # the chart replaces the CSS bars


def test_the_closed_view_draws_the_deals_closed(marketer_client):
    deals_won()
    page = unescape(marketer_client.get("/metrics/?month=2026-03").get_data(as_text=True))
    drawn = figure(page, "funnel")
    assert values(drawn, "chart-bar") == [2, 2, 0]  # closed, won, lost
    assert "2 of the 2 deals closed in March 2026 were won: a win rate of 100%." in page
    assert "Revenue won: $10,000.00." in page
    assert 'aria-label="Deals won: 2 deals, share of the deals closed 100%"' in drawn


def test_funnel_edges_empty_one_stage_an_outlier_and_a_young_month(english):
    empty = funnel_chart(FunnelRow("", "", 0, 0, 0, 0, 0), "2026-03")
    assert empty.chart is None and empty.finding == "No leads were handed over in March 2026."
    clock.freeze(datetime(2026, 12, 1, tzinfo=UTC))
    try:
        leads_only = funnel_chart(FunnelRow("", "", 5, 0, 0, 0, 0), "2026-03")
        assert [bar.value for bar in leads_only.chart.bars] == [5, 0, 0, 0]
        assert leads_only.finding == ("Of the 5 leads handed over in March 2026, 0 won so far. "
                                      "The weakest step: Lead → MQL, 0%.")
        assert "MQL → SQL: no figure, none reached the stage before." in leads_only.detail
        huge = funnel_chart(FunnelRow("", "", 1_000_000, 2, 1, 1, 0), "2026-03")
        assert huge.chart.bars[0].width > 300 and huge.chart.bars[-1].width == 1.5
        assert huge.labels["readouts"][0] == "1,000,000"
    finally:
        clock.freeze(datetime(2026, 3, 20, tzinfo=UTC))  # March's deals are still open
    try:
        young = funnel_chart(FunnelRow("", "", 10, 8, 4, 0, 0), "2026-03")
        assert young.finding.endswith("The weakest step: MQL → SQL, 50%.")
        assert young.detail.endswith("SQL → won is still filling in: these deals have had "
                                     "less than 90 days to close.")
    finally:
        clock.freeze(None)
    lost = closed_chart(ClosedRow("", "", 1, 3, 10_00), "2026-03")
    assert [bar.within for bar in lost.chart.bars] == [None, True, False]
    assert lost.chart.threshold_y is None
    assert closed_chart(ClosedRow("", "", 0, 0, 0), "2026-03").chart is None


# Revenue won by credit, month by month.

def test_revenue_by_credit_on_the_page_is_the_money_tables(marketer_client):
    deals_won()
    for deals in ("closed", "handoff"):
        drawn = figure(folded(marketer_client, "attribution", f"month=2026-03&deals={deals}"),
                       "attribution")
        by_month = credit_by_month(Period.ending(MARCH, 12), NONE, deals)
        table = cells(drawn)
        assert len(table) == 12
        assert [row[:3] for row in table] == [
            [month.get(credit, 0) for credit in ("marketing", "sales", "both")]
            for month in by_month]
        assert [row[3] for row in table] == [sum(month.values()) for month in by_month]
        parts = [value for month in by_month for value in month.values() if value]
        assert sorted(svg_number for svg_number in values(drawn, "chart-")) == sorted(parts)
        march = money_figures(MARCH, NONE, deals).attribution  # the credit table's figures
        assert by_month[-1] == march
    closed = credit_by_month(Period.ending(MARCH, 12), NONE, "closed")
    assert closed[-2:] == [{"marketing": 5_000_00}, {"sales": 7_000_00, "both": 3_000_00}]
    handoff = credit_by_month(Period.ending(MARCH, 12), NONE, "handoff")
    assert handoff[-3] == {"marketing": 5_000_00} and handoff[-2] == {}
    assert credit_by_month(Period.ending(MARCH, 12), Filters(source="nowhere"), "closed") \
        == [{}] * 12


def money_months(**by_month):
    """Twelve months to March 2026 whose revenue is what m01={credit: cents} credit adds up."""
    trend = [MonthSums(label, 0, Share(), Share(), Share(),
                       revenue=sum(by_month.get(f"m{label[5:]}", {}).values()))
             for label in LABELS]
    return trend, [by_month.get(f"m{label[5:]}", {}) for label in LABELS]


def test_revenue_by_credit_says_who_brought_what_and_holds_its_edges(english):
    trend, credits = money_months(m01={"marketing": 1_000_00, "both": 3_000_00},
                                  m03={"sales": 4_000_00})
    chart = attribution_chart(trend, credits, closed=True)
    assert chart.finding == ("From April 2025 to March 2026, marketing brought 12% of the "
                             "credited revenue won, sales 50% and both together 38%.")
    assert chart.detail == "Deals closed in each month. The most won in March 2026 ($4,000.00)."
    january = [bar for bar in chart.chart.bars if bar.name == "January 2026"]
    assert [(bar.series, bar.value) for bar in january] == [(1, 1_000_00), (3, 3_000_00)]
    assert january[1].y + january[1].height == pytest.approx(january[0].y)  # stacked
    empty = attribution_chart(*money_months(), closed=False)
    assert empty.chart is None and empty.finding == (
        "No deal with a credit was won from April 2025 to March 2026.")
    uncredited, credited = money_months(m03={"sales": 1_00})
    uncredited[-1] = uncredited[-1]._replace(revenue=51_00)
    assert attribution_chart(uncredited, credited, closed=True).detail.endswith(
        "$50.00 won without a credit is left out.")
    slots = [Slot(f"M{i}", f"Month {i}") for i in range(12)]
    huge = stacked_bars(slots, [[1, 0, 0]] * 11 + [[0, 90_000_000_00, 0]])
    assert all(bar.height == 1.5 for bar in huge.bars[:11]) and huge.y_ticks[-1][1] >= 9e9
    zero = stacked_bars(slots, [[0, 0, 0]] * 12)
    assert zero.bars == () and [value for _, value in zero.y_ticks] == [0, 1]


# Both sides of the SLA over the year.

def shares_year(**by_month):
    """Twelve months to March 2026: m01=(delivered, speed, persistence, feedback), each share
    as (met, missed)."""
    rows = []
    for label in LABELS:
        delivered, *sides = by_month.get(f"m{label[5:]}", (0, (0, 0), (0, 0), (0, 0)))
        rows.append(MonthSums(label, delivered, *(Share(*side) for side in sides)))
    return rows


def test_both_sides_of_the_sla_on_the_page_are_the_twelve_months_table(marketer_client):
    month_with_leads()
    page = unescape(marketer_client.get("/metrics/?month=2026-03").get_data(as_text=True))
    fragment = folded(marketer_client, "sla", "month=2026-03")
    drawn = figure(fragment, "sla")
    trend = month_trend(MARCH, 12)
    rows = cells(drawn)
    assert [row[0] for row in rows] == [None] * 10 + [0.0, 0.02]  # 2 MQLs of 100, once in force
    for position, side in enumerate(("speed", "persistence", "feedback"), start=1):
        assert [row[position] for row in rows] == [getattr(month, side).rate
                                                   for month in trend]
    assert values(drawn, "chart-point chart-series-1") == [0.0, 0.02]
    assert values(drawn, "chart-point chart-series-2") == [0.5]  # one of two on time
    table = re.search(r'<table class="table trend">.*?</table>', page, re.S).group(0)
    assert "<td>50%</td>" in table
    assert "Marketing: the MQL target was reached in 0 of 2 months with a target." in fragment
    assert "chart-threshold" in drawn and "100%: the target reached" in drawn
    review = unescape(marketer_client.get("/metrics/review/2026-03").get_data(as_text=True))
    assert values(figure(review, "sla"), "chart-point chart-series-2") == [0.5]
    assert 'id="funnel-heading"' in review and "No deal was closed in March 2026." in review
    handoff = unescape(marketer_client.get("/metrics/review/2026-03?deals=handoff")
                       .get_data(as_text=True))
    assert values(figure(handoff, "funnel"), "chart-bar") == [2, 2, 1, 0]


def test_the_sla_finding_and_its_edges(english):
    trend = shares_year(m01=(120, (8, 2), (3, 1), (5, 5)), m02=(80, (9, 1), (4, 0), (2, 8)),
                        m03=(100, (10, 0), (2, 2), (6, 4)))
    chart = trend_charts(trend, versions(*[(None, 0)] * 9, *[(1, 100)] * 3), NONE)["sla"]
    assert chart.finding == (
        "Marketing: the MQL target was reached in 2 of 3 months with a target. Sales over the "
        "twelve months: First contact on time 90%; Enough attempts 75%; Feedback on time 43%.")
    assert chart.detail.startswith("First contact on time was lowest in January 2026 (80%).")
    assert [p.value for p in chart.chart.series[0].points][-3:] == [1.2, 0.8, 1.0]
    empty = trend_charts(year(), versions(*[(1, 100)] * 12), NONE)["sla"]
    assert empty.chart is None and empty.finding == (
        "No MQLs were handed over from April 2025 to March 2026.")
    one = trend_charts(shares_year(m03=(3, (1, 2), (0, 0), (0, 0))),
                       versions(*[(1, 10)] * 12), NONE)["sla"]
    assert [p.value for p in one.chart.series[1].points] == [None] * 11 + [pytest.approx(1 / 3)]
    assert one.finding.endswith("First contact on time 33%; Enough attempts —; "
                                "Feedback on time —.")
    assert "lowest" not in one.detail  # one month: nothing to compare
    outlier = trend_charts(shares_year(m03=(5000, (1, 0), (1, 0), (1, 0))),
                           versions(*[(1, 10)] * 12), NONE)["sla"].chart
    assert outlier.y_ticks[-1][1] >= 500 and outlier.series[1].points[-1].y < outlier.base
    sliced = trend_charts(trend, versions(*[(1, 100)] * 12), Filters(source="webinar"))["sla"]
    assert sliced.finding.startswith("The monthly target is for all leads, not for this filter.")
    assert all(p.value is None for p in sliced.chart.series[0].points)


def test_one_teams_side_of_the_sla_draws_that_side_alone(english):
    trend = shares_year(m01=(120, (8, 2), (3, 1), (5, 5)), m02=(80, (9, 1), (4, 0), (2, 8)),
                        m03=(100, (10, 0), (2, 2), (6, 4)))
    in_force = versions(*[(None, 0)] * 9, *[(1, 100)] * 3)
    marketing = trend_charts(trend, in_force, NONE, "marketing")["sla"]
    assert marketing.title == "Marketing's side of the SLA, month by month"
    assert marketing.labels["series"] == ["MQLs delivered, share of the target"]
    assert marketing.labels["goal"] == "100%: the target reached"
    assert marketing.finding == (
        "Marketing: the MQL target was reached in 2 of 3 months with a target.")
    assert marketing.detail == ("MQLs delivered, share of the target was lowest in February "
                                "2026 (80%). A month without a target leaves a gap in its line.")
    assert len(marketing.chart.series) == 1
    assert [p.value for p in marketing.chart.series[0].points][-3:] == [1.2, 0.8, 1.0]
    sales = trend_charts(trend, in_force, NONE, "sales")["sla"]
    assert sales.title == "Sales' side of the SLA, month by month"
    assert sales.labels["series"] == ["First contact on time", "Enough attempts",
                                      "Feedback on time"]
    assert sales.finding == ("Sales over the twelve months: First contact on time 90%; "
                             "Enough attempts 75%; Feedback on time 43%.")
    assert "Marketing" not in sales.description and "target" not in sales.description
    assert [p.value for p in sales.chart.series[0].points][-3:] == [0.8, 0.9, 1.0]
    sliced = trend_charts(trend, in_force, Filters(source="webinar"), "marketing")["sla"]
    assert sliced.chart is None and sliced.finding == (
        "The monthly target is for all leads, not for this filter.")


@pytest.mark.parametrize(("team", "title", "series"), [
    ("marketing", "Marketing's side of the SLA, month by month", [1]),
    ("sales", "Sales' side of the SLA, month by month", [2, 3, 4]),  # the looks they have
                                                                    # beside marketing's
    ("", "Both sides of the SLA, month by month", [1, 2, 3, 4]),
])
def test_the_team_filter_narrows_the_sla_chart_and_its_download(marketer_client, team, title,
                                                               series):
    month_with_leads()
    page = unescape(marketer_client.get(f"/metrics/?month=2026-03&team={team}")
                    .get_data(as_text=True))
    assert f"<summary>{title}</summary>" in page  # folded: drawn when opened
    fragment = folded(marketer_client, "sla", f"month=2026-03&team={team}")
    drawn = figure(fragment, "sla")
    assert f'<h3 id="sla-heading">{title}</h3>' in fragment
    assert [int(n) for n in re.findall(r'class="chart-series chart-series-(\d)"', drawn)] \
        == series
    first = values(drawn, f"chart-point chart-series-{series[0]}")
    assert first == ([0.5] if team == "sales" else [0.0, 0.02])  # sales: first contact
    link = re.search(r'href="(/metrics/chart/sla\.svg\?[^"]+)" download>', fragment).group(1)
    assert ("team=" + team in link) == bool(team)
    svg = marketer_client.get(link).get_data(as_text=True)
    chart = drawn[:drawn.index("</svg>")]
    assert svg_values(svg) == [float(v) for v in re.findall(r'data-value="([^"]+)"', chart)]
    assert title in svg


# As SVG files: the page's drawing, with its legend drawn in.

@pytest.mark.parametrize(("key", "deals", "names"), [
    ("sla", "closed", ["MQLs delivered, share of the target", "First contact on time",
                       "Enough attempts", "Feedback on time", "100%: the target reached"]),
    ("attribution", "closed", ["Marketing", "Sales", "Both"]),
    ("funnel", "handoff", []),
    ("funnel", "closed", []),
])
def test_the_new_charts_download_with_their_legend(marketer_client, key, deals, names):
    from xml.etree import ElementTree

    deals_won()
    query = f"month=2026-03&deals={deals}" if deals == "handoff" else "month=2026-03"
    page = unescape(marketer_client.get(f"/metrics/?{query}").get_data(as_text=True))
    if key in ("sla", "attribution"):  # folded: the drawing comes when opened
        page = folded(marketer_client, key, query)
    drawn = figure(page, key)
    link = re.search(rf'href="(/metrics/chart/{key}\.svg\?[^"]+)" download>', page).group(1)
    assert sorted(link.split("?")[1].split("&")) == sorted(query.split("&"))
    svg = marketer_client.get(link).get_data(as_text=True)
    chart = drawn[:drawn.index("</svg>")]
    assert svg_values(svg) == [float(v) for v in re.findall(r'data-value="([^"]+)"', chart)]
    root = ElementTree.fromstring(svg.split("?>", 1)[1])
    texts = [e.text or "" for e in root.iter("{http://www.w3.org/2000/svg}text")]
    for name in names:
        assert any(text.startswith(name) for text in texts), name
    height = float(root.get("viewBox").split()[3])
    assert height == float(root.get("height")) and "class=" not in svg
    if names:  # the legend under the chart, inside the drawing
        chart_height = float(re.search(r'viewBox="0 0 \d+ (\d+)"', chart).group(1))
        assert height > chart_height


def test_a_spanish_reader_reads_the_new_charts_in_spanish(app):
    deals_won()
    client = app.test_client()
    client.sign_in(make_user("sales", "head", locale="es"))
    page = unescape(client.get("/metrics/?month=2026-03&deals=handoff").get_data(as_text=True))
    assert "Embudo de los leads entregados en marzo de 2026" in page
    assert "De los 4 leads entregados en marzo de 2026, 2 ganados hasta ahora." in page
    assert "Quién aportó los ingresos ganados, mes a mes" in page
    assert "Los dos lados del SLA, mes a mes" in page
