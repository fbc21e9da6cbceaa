"""The metrics pages' twelve-month charts: their figures are the trend's, their findings are
right, their edges hold, and they cost the page no query."""

import re
from html import unescape
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from tests.factories import make_user
from tests.test_metrics_views import month_with_leads
from workspace.charts import Slot, bar_chart, line_chart
from workspace.extensions import db
from workspace.metrics import catalog
from workspace.metrics.filters import NONE, Filters
from workspace.metrics.period import Period
from workspace.metrics.queries import month_trend, month_versions
from workspace.metrics.sums import MonthSums, Share
from workspace.metrics.trend_charts import trend_charts
from workspace.months import Month

MARCH = Month.of(2026, 3, "UTC")
LABELS = [month.label for month in Period.ending(MARCH, 12).months]


def sums(label: str, delivered: int = 0, sqls: int = 0, won: int = 0) -> MonthSums:
    return MonthSums(label, delivered, Share(), Share(), Share(), leads=delivered, sqls=sqls,
                     cohort_won=won)


def year(**by_month) -> list[MonthSums]:
    """Twelve months to March 2026, each empty unless given as m01=(delivered, sqls, won)."""
    return [sums(label, *by_month.get(f"m{label[5:]}", ())) for label in LABELS]


def versions(*numbers_and_targets) -> list:
    return [SimpleNamespace(number=n, mql_target_per_month=t) if n else None
            for n, t in numbers_and_targets]


@pytest.fixture
def english(app):
    with app.test_request_context():
        yield


def values(html: str, kind: str) -> list[float]:
    return [float(v) for v in re.findall(rf'class="{kind}[^"]*"[^>]*data-value="([^"]+)"', html)]


def figure(html: str, key: str) -> str:
    """One chart's figure and its table of numbers, out of a page with several."""
    start = html.index('<figure class="chart', html.index(f'id="{key}-heading"'))
    return html[start:html.index("</details>", start)]


def folded(client, key: str, query: str) -> str:
    """A folded chart of the metrics page as its <details> fetches it when the reader opens it."""
    from tests.conftest import HTMX

    response = client.get(f"/metrics/chart/{key}?{query}", headers=HTMX)
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


# The findings, in words, for hand-built months.

def test_the_finding_counts_the_months_that_reached_their_target(english):
    trend = year(m01=(90, 0, 0), m02=(120, 0, 0), m03=(100, 0, 0))
    in_force = versions(*[(None, 0)] * 9, (2, 100), (3, 100), (3, 100))
    charts = trend_charts(trend, in_force, NONE)
    delivery = charts["delivery"]
    assert delivery.finding == "MQLs delivered reached the target in 2 of 3 months with a target."
    assert "310 MQLs from April 2025 to March 2026, the most in February 2026 (120)." \
        in delivery.detail
    assert "SLA version 2 took effect in January 2026." in delivery.detail
    assert "SLA version 3 took effect in February 2026." in delivery.detail
    notes = [text for _, text in delivery.chart.notes]
    assert notes == ["v2", "v3"]  # at the months they took effect, never again after
    levels = [bar.level for bar in delivery.chart.bars]
    assert levels == [None] * 9 + [100, 100, 100]  # months without a target stay unmarked


def test_the_finding_says_how_each_rate_moved_over_the_year(english):
    trend = year(m05=(20, 8, 2), m09=(10, 5, 0), m03=(20, 11, 1))
    conversion = trend_charts(trend, versions(*[(None, 0)] * 12), NONE)["conversion"]
    assert conversion.finding == (
        "MQL → SQL rose from 40% in May 2025 to 55% in March 2026. "
        "SQL → won fell from 25% in May 2025 to 9% in March 2026.")
    held = trend_charts(year(m05=(10, 4, 1), m03=(20, 8, 2)), versions(*[(None, 0)] * 12),
                        NONE)["conversion"]
    assert held.finding.startswith("MQL → SQL held at 40% from May 2025 to March 2026.")


def test_a_rate_with_no_denominator_is_a_gap_not_a_zero(english):
    trend = year(m01=(10, 4, 1), m03=(10, 5, 0))  # February: no MQLs, no SQLs
    chart = trend_charts(trend, versions(*[(None, 0)] * 12), NONE)["conversion"].chart
    first = chart.series[0]
    february = first.points[10]
    assert february.value is None and february.y is None
    assert first.path.count("M") == 2 and "L" not in first.path  # January, then March alone
    assert [p.value for p in chart.series[1].points[9:]] == [0.25, None, 0.0]


def test_no_target_ever_draws_no_level_and_says_so(english):
    delivery = trend_charts(year(m03=(5, 0, 0)), versions(*[(None, 0)] * 12), NONE)["delivery"]
    assert delivery.finding == "No SLA target was in force in these months."
    assert all(bar.level is None and bar.level_y is None for bar in delivery.chart.bars)
    filtered = trend_charts(year(m03=(5, 0, 0)), versions(*[(1, 100)] * 12),
                            Filters(source="webinar"))["delivery"]
    assert filtered.finding == "The monthly target is for all leads, not for this filter."
    assert all(bar.level is None for bar in filtered.chart.bars)


def test_an_empty_year_says_so_instead_of_drawing_an_empty_axis(english):
    charts = trend_charts(year(), versions(*[(1, 100)] * 12), NONE)
    for chart in charts.values():
        assert chart.chart is None
        assert chart.finding == "No MQLs were handed over from April 2025 to March 2026."


def test_one_month_with_data(english):
    charts = trend_charts(year(m03=(7, 3, 1)), versions(*[(1, 10)] * 12), NONE)
    bars = charts["delivery"].chart.bars
    assert [bar.value for bar in bars] == [0] * 11 + [7]
    assert all(bar.height == 0 for bar in bars[:11]) and bars[-1].height > 0
    assert charts["delivery"].finding == (
        "MQLs delivered reached the target in 0 of 12 months with a target.")
    assert charts["conversion"].finding.startswith(
        "MQL → SQL was 43% in March 2026, the only month with a figure.")


# The geometry at its edges.

SLOTS = [Slot(f"M{i}", f"Month {i}", "2026") for i in range(12)]


def test_all_zero_bars_sit_on_an_axis_that_still_has_a_scale():
    chart = bar_chart(SLOTS, [0] * 12, [None] * 12)
    assert [value for _, value in chart.y_ticks] == [0, 1]
    assert all(bar.height == 0 and bar.y == chart.base for bar in chart.bars)


def test_a_huge_outlier_keeps_the_others_visible_and_on_scale():
    chart = bar_chart(SLOTS, [3] * 11 + [5000], [100] * 12)
    top = chart.y_ticks[-1][1]
    assert top >= 5000 and chart.bars[-1].y == pytest.approx(chart.y_ticks[-1][0], abs=60)
    assert all(bar.height >= 1.5 for bar in chart.bars)  # a small count is never drawn as none
    assert all(bar.level_y < chart.base for bar in chart.bars)


def test_alternate_month_labels_give_way_on_narrow_screens_but_the_last_stays():
    chart = line_chart(SLOTS, [[0.5] * 12])
    assert [tick.minor for tick in chart.x_ticks] == [i % 2 == 0 for i in range(12)]
    assert chart.x_ticks[0].year == "2026" and chart.x_ticks[0].narrow_year == ""
    assert chart.x_ticks[1].narrow_year == "2026" and chart.x_ticks[1].year == ""


# The page: the charts show the trend's figures, the table beside them the same points.

def test_the_charts_show_the_trends_figures_and_their_tables_the_same(marketer_client):
    month_with_leads()
    page = marketer_client.get("/metrics/?month=2026-03").get_data(as_text=True)
    trend = month_trend(MARCH, 12)
    bars = values(figure(page, "delivery"), "chart-bar")
    assert bars == [row.delivered for row in trend] and bars[-1] == 2
    assert values(page, "chart-level") == [100, 100]  # signed in late February
    table = re.search(r'<table class="table trend">.*?</table>', page, re.S).group(0)
    delivered = [int(n) for n in re.findall(r'</a></th><td>(\d+)</td>', table)]
    assert delivered == bars
    period = Period.ending(MARCH, 12)
    for position, key in enumerate(("mql_to_sql", "sql_to_won"), start=1):
        plotted = values(figure(page, "conversion"), f"chart-point chart-series-{position}")
        expected = [f.value for _, f in catalog.monthly(key, period) if f.value is not None]
        assert plotted == pytest.approx(expected)
    numbers = re.findall(r'<details class="chart-numbers">.*?</details>',
                         page[page.index('id="trend-title"'):page.index('id="money-title"')], re.S)
    assert len(numbers) == 2  # delivery, conversion (both sides of the SLA: drawn when opened)
    rows = re.findall(r'<tr><th scope="row">[^<]+</th><td data-value="([^"]+)">[^<]+</td>'
                      r'<td(?: data-value="([^"]+)")?>', numbers[0])
    assert [float(delivered) for delivered, _ in rows] == bars
    assert [float(target) for _, target in rows if target] == [100, 100]
    assert "<script" not in page.split('id="metrics-body"')[1] and ' style="' not in page
    assert 'tabindex="0" role="img" aria-label="March 2026: MQLs delivered 2, ' \
           'Monthly target 100"' in page


def test_the_review_draws_the_year_to_its_month(marketer_client):
    month_with_leads()
    page = marketer_client.get("/metrics/review/2026-03").get_data(as_text=True)
    assert values(figure(page, "delivery"), "chart-bar") == [
        row.delivered for row in month_trend(MARCH, 12)]
    assert "The twelve months to March 2026" in page
    assert page.count('<th scope="row">', page.index('id="trend-title"')) >= 4


def test_a_spanish_reader_reads_the_charts_in_spanish(app):
    month_with_leads()
    client = app.test_client()
    client.sign_in(make_user("sales", "head", locale="es"))
    page = client.get("/metrics/?month=2026-03").get_data(as_text=True)
    assert ">mar</text>" in page and "marzo de 2026" in page
    assert "Los MQL entregados alcanzaron el objetivo en 0 de 2 meses con objetivo." in page
    assert "MQL → SQL fue del 50% en marzo de 2026, el único mes con cifra." in page


def test_versions_in_force_match_the_sla_rule_month_by_month(app):
    from workspace.metrics.queries import month_version

    month_with_leads()
    months = Period.ending(MARCH.shifted(2), 6).months
    assert month_versions(months) == [month_version(month) for month in months]


def test_the_charts_cost_the_pages_no_query(marketer_client):
    """Before the charts the month page read 22 queries and the review 21 on this data."""
    month_with_leads()
    counted = []

    def count(*_):
        counted.append(1)

    def queries(url: str) -> int:
        marketer_client.get(url)  # warm: the session's user, the settings
        forget_kept()  # the page's figures drawn again, not served as kept
        counted.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert marketer_client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(counted)

    # one more each for the agreement log (which version is in force) and two to keep them
    # (workspace.kept: the data version, the next deadline); the page one fewer now that the
    # filters' sources and campaigns come from the pairs the spend's ties read
    assert queries("/metrics/?month=2026-03") <= 24
    assert queries("/metrics/?month=2026-03&source=webinar") <= 24
    assert queries("/metrics/review/2026-03") <= 23


def test_filters_swap_the_charts_with_the_rest_of_the_fragment(marketer_client):
    from tests.conftest import HTMX

    month_with_leads()
    fragment = marketer_client.get("/metrics/?month=2026-03&source=webinar", headers=HTMX)
    html = fragment.get_data(as_text=True)
    assert "<html" not in html and html.lstrip().startswith('<div id="metrics-body">')
    assert 'class="chart-bar"' in html and 'class="chart-level"' not in html  # a slice: no target
    assert "The monthly target is for all leads, not for this filter." in html


# Speed to lead: the month's first contacts in buckets, against the agreed minutes.

def mqls_contacted_after(*minutes):
    """An SLA (60 minutes to first contact) and an MQL handed over on 2 March per value, first
    contacted that many minutes later (None: not contacted)."""
    from datetime import timedelta

    from tests.lead_builders import T0, make_lead, sla_in_force
    from workspace import clock
    from workspace.leads.services import log_attempt

    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    rep, marketer = make_user("sales", "member"), make_user("marketing", "member")
    for index, wait in enumerate(minutes):
        lead = make_lead(marketer, assigned_to=rep, company=f"Lead {index}")
        if wait is not None:
            clock.freeze(T0 + timedelta(minutes=wait))
            log_attempt(lead, rep, "call", "connected")
    clock.freeze(None)


def test_first_contacts_are_bucketed_in_sql_as_the_scorecard_judges_them(app):
    from datetime import timedelta

    from tests.lead_builders import T0
    from workspace.metrics.queries import month_scorecard
    from workspace.metrics.speed import EDGES, first_contacts

    waits = [0, 5, 6, 15, 29, 60, 61, 119, 240, 481, 5000, None]
    mqls_contacted_after(*waits)
    later = first_contacts(MARCH, T0 + timedelta(days=30), 60)
    expected = [0] * (len(EDGES) + 3)
    for wait in waits:  # the same buckets, counted in Python over the same waits
        index = len(EDGES) + 1 if wait is None else next(
            (i for i, edge in enumerate(EDGES) if wait <= edge), len(EDGES))
        expected[index] += 1
    assert list(later.counts) == expected == [2, 2, 1, 1, 2, 1, 0, 2, 1, 0]
    card = month_scorecard(MARCH)
    assert later.within == card.speed.met == 6 and later.total - later.pending == 12
    soon = first_contacts(MARCH, T0 + timedelta(minutes=30), 60)  # the one not contacted: due
    assert soon.pending == 1 and soon.not_contacted == 0
    webinar = first_contacts(MARCH, T0 + timedelta(days=30), 60, Filters(source="ebook"))
    assert webinar.total == 0


def test_the_speed_chart_on_the_page_is_its_table_and_costs_one_query(marketer_client):
    mqls_contacted_after(3, 20, 45, 90, None)
    page = unescape(marketer_client.get("/metrics/?month=2026-03").get_data(as_text=True))
    speed = figure(page, "speed")
    bars = values(speed, "chart-bar")
    cells = [float(v) for v in re.findall(r'<td data-value="([^"]+)"', speed)]
    assert bars == cells == [1, 0, 1, 1, 1, 0, 0, 0, 1]
    assert "60% of the month's MQLs were first contacted within the agreed 60 minutes." in page
    assert "chart-threshold" in speed and 'aria-label="1–2 h: 1 MQLs"' in speed
    assert 'class="chart-bar chart-bar-past" x="150" y="132"' in speed  # 1–2 h, past the line


def words(counts, threshold=60, previous=None):
    from workspace.metrics.speed import FirstContacts, edges_for, speed_chart

    edges = edges_for(threshold)
    full = list(counts) + [0] * (len(edges) + 3 - len(counts))
    return speed_chart(FirstContacts(edges, tuple(full), threshold), "2026-03", previous, "en")


def test_the_speed_finding_on_hand_built_months(english):
    # 18 of 25 judged within 60 minutes; 2 more still inside their deadline
    chart = words([5, 5, 4, 4, 3, 2, 0, 0, 2, 2])
    assert chart.finding == ("72% of the month's MQLs were first contacted within the agreed "
                             "60 minutes.")
    assert chart.detail == ("5 contacted later, 2 not contacted. "
                            "2 MQLs are not due yet and not counted.")
    assert [bar.name for bar in chart.chart.bars][-3:] == ["Over 8 h", "Not contacted",
                                                          "Not due yet"]
    within = [bar.within for bar in chart.chart.bars]
    assert within == [True] * 4 + [False] * 5 + [None]  # 1–2 h … over 8 h, not contacted
    assert chart.chart.threshold_y == chart.chart.bars[4].y - chart.chart.row * 0.15
    changed = words([1, 0, 0, 1], previous=SimpleNamespace(first_contact_minutes=120))
    assert changed.detail.endswith("were held to 120 minutes.")


def test_speed_edges_no_threshold_one_bucket_an_outlier_and_an_empty_month(english):
    from workspace.metrics.speed import bucket_names, edges_for

    none = words([0, 3, 1], threshold=None)
    assert none.finding == "No first-contact deadline was in force in March 2026."
    assert none.chart.threshold_y is None and {b.within for b in none.chart.bars} == {None}
    one = words([0, 0, 7])
    assert [bar.value for bar in one.chart.bars] == [0, 0, 7, 0, 0, 0, 0, 0, 0]
    assert one.finding.startswith("100% of the month's MQLs")
    outlier = words([10_000, 1])
    assert outlier.chart.bars[0].width > 300 and outlier.chart.bars[1].width == 1.5
    empty = words([])
    assert empty.chart is None and empty.finding == "No MQLs were handed over in March 2026."
    pending = words([0] * 10 + [3])
    assert pending.finding == ("Every MQL of March 2026 is still inside its first-contact "
                               "deadline.")
    assert edges_for(45) == (5, 15, 30, 45, 60, 120, 240, 480)
    assert bucket_names(edges_for(90))[4:7] == ["1–1.5 h", "1.5–2 h", "2–4 h"]


# Money: spend and revenue won with ROI under them, and CAC beside the average deal.

def money_year(**by_month):
    """Twelve months to March 2026: m01=(spend, revenue, won) in cents and deals."""
    from workspace.metrics.slices import COMPANY, SpendLine

    rows = []
    for label in LABELS:
        spend, revenue, won = by_month.get(f"m{label[5:]}", (0, 0, 0))
        lines = (SpendLine("marketing", "", spend, COMPANY, frozenset()),) if spend else ()
        rows.append(MonthSums(label, 0, Share(), Share(), Share(), won=won, revenue=revenue,
                              spend=lines))
    return rows


def money(trend, filters=NONE, closed=True):
    from workspace.metrics.money import Money
    from workspace.metrics.money_charts import money_charts

    return money_charts(trend, filters, Money.of(trend[-1], filters), closed)


def test_a_negative_roi_is_drawn_below_the_zero_line_and_said(english):
    trend = money_year(m01=(100_000_00, 40_000_00, 1), m02=(50_000_00, 150_000_00, 2),
                       m03=(10_000_00, 0, 0))
    flows = money(trend)["flows"]
    panel = flows.labels["panel"]
    points = {p.name: p for p in panel.series[0].points}
    assert points["January 2026"].value == pytest.approx(-0.6)
    assert points["January 2026"].y > panel.base > points["February 2026"].y
    assert points["March 2026"].value == -1 and points["March 2026"].y <= panel.bottom
    assert points["December 2025"].value is None  # no spend: no ROI, a gap
    assert panel.y_ticks[0][1] >= -1 and panel.bottom >= panel.y_ticks[0][0]  # -100%: the floor
    assert flows.finding == ("$190,000.00 won against $160,000.00 spent from April 2025 to "
                             "March 2026.")
    assert ("ROI was positive in 1 of 3 months with spend. The highest: 200% in February 2026. "
            "Below zero, spend not yet earned back: January 2026 (-60%), March 2026 (-100%).") \
        in flows.detail
    bars = {(bar.name, bar.series): bar.value for bar in flows.chart.bars}
    assert bars[("January 2026", 1)] == 100_000_00 and bars[("January 2026", 2)] == 40_000_00


def test_money_edges_all_zero_an_outlier_and_no_spend(english):
    empty = money(money_year())
    assert empty["flows"].chart is None and empty["flows"].finding == (
        "No spend was entered and no deal was won from April 2025 to March 2026.")
    assert empty["cac"].chart is None
    assert empty["cac"].finding == "No customer was won in March 2026: no CAC or average deal."
    huge = money(money_year(m01=(1_000_00, 0, 0), m03=(1_000_00, 90_000_000_00, 3)))["flows"]
    small = next(bar for bar in huge.chart.bars if bar.name == "January 2026")
    assert small.height == 1.5 and huge.chart.y_ticks[-1][1] >= 90_000_000_00
    revenue_only = money(money_year(m03=(0, 50_000_00, 1)))
    assert "panel" not in revenue_only["flows"].labels
    assert "ROI needs spend: none is available" in revenue_only["flows"].detail
    assert revenue_only["cac"].chart is None and revenue_only["cac"].finding.startswith(
        "CAC is not available for March 2026")


def test_cac_beside_the_average_deal_says_which_is_larger(english):
    won = money(money_year(m03=(30_000_00, 120_000_00, 3)))["cac"]
    assert [bar.value for bar in won.chart.bars] == [10_000_00, 40_000_00]
    assert won.finding == ("An average deal brought 4.0 times what winning a customer cost "
                           "($40,000.00 against a CAC of $10,000.00).")
    costly = money(money_year(m03=(90_000_00, 30_000_00, 1)))["cac"]
    assert costly.finding == ("Winning a customer cost $90,000.00, more than the $30,000.00 an "
                              "average deal brought.")


def test_the_money_chart_on_the_page_is_the_catalogs_and_its_table(marketer_client):
    from workspace.metrics.spend import record_spend

    month_with_leads()
    head = make_user("marketing", "head")
    record_spend(head, "2026-02", "marketing", "Q1", 2_000_00)
    record_spend(head, "2026-03", "sales", "", 3_000_00)
    page = marketer_client.get("/metrics/?month=2026-03").get_data(as_text=True)
    flows = figure(page, "flows")
    period = Period.ending(MARCH, 12)
    spend = values(flows, "chart-bar\"")
    assert spend == [2_000_00, 3_000_00]  # zero draws no bar
    rois = values(flows, "chart-point chart-series-1 chart-roi")
    assert rois == pytest.approx([f.value for _, f in catalog.monthly("roi", period)
                                  if f.value is not None]) == [-1, -1]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td(?: data-value="([^"]+)")?>[^<]*</td>'
                      r'<td(?: data-value="([^"]+)")?>[^<]*</td><td(?: data-value="([^"]+)")?>',
                      flows)
    assert len(rows) == 12 and rows[10] == ("February 2026", "200000", "0", "-1.0")
    assert 'aria-label="March 2026: Spend $3,000.00, Revenue won $0.00, ROI -100%"' in flows
    assert ' style="' not in page


def test_the_review_carries_the_speed_histogram(marketer_client):
    mqls_contacted_after(3, 90)
    page = unescape(marketer_client.get("/metrics/review/2026-03").get_data(as_text=True))
    assert values(figure(page, "speed"), "chart-bar") == [1, 0, 0, 0, 1, 0, 0, 0, 0]
    assert "50% of the month's MQLs were first contacted within the agreed 60 minutes." in page


def forget_kept() -> None:
    from flask import current_app

    current_app.extensions.pop("kept_regions", None)


def test_the_speed_chart_costs_the_pages_one_query_and_the_money_none(marketer_client):
    """Before this increment the month page read 21 queries and the review 18 on this data;
    the histogram is one grouped read, the money charts none (revenue by credit and
    persistence are folded on the page, read when opened), the funnel and both sides of the
    SLA none; the review draws persistence (one grouped read); reading the agreement log for
    the versions in force costs both pages one more."""
    month_with_leads()
    statements = []

    def count(_conn, _cursor, statement, *_):
        statements.append(statement)

    def queries(url: str) -> tuple[int, int]:
        marketer_client.get(url)
        forget_kept()  # the page's figures drawn again, not served as kept
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert marketer_client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements), sum("AS bucket" in statement for statement in statements)

    # one more each to keep them (workspace.kept): the data version and the next deadline (the
    # log's starts are read once for the versions in force and the next one; the filters'
    # sources and campaigns come from the pairs the spend's ties read)
    assert queries("/metrics/?month=2026-03") == (24, 1)
    assert queries("/metrics/?month=2026-03&source=webinar") == (24, 1)
    assert queries("/metrics/review/2026-03") == (23, 1)


def test_sql_to_won_compares_only_the_months_whose_deals_have_had_time_to_close(english):
    from datetime import UTC, datetime

    from workspace import clock

    trend = year(m05=(20, 8, 2), m11=(10, 5, 1), m03=(20, 11, 0))  # March: nothing won yet
    clock.freeze(datetime(2026, 4, 15, tzinfo=UTC))  # December's deals have had 90 days
    try:
        chart = trend_charts(trend, versions(*[(None, 0)] * 12), NONE)["conversion"]
        assert chart.finding == (
            "MQL → SQL rose from 40% in May 2025 to 55% in March 2026. Over the months whose "
            "deals have had 90 days to close: SQL → won fell from 25% in May 2025 to 20% in "
            "November 2025.")
        assert chart.detail.endswith("The latest 3 months are left out of SQL → won's "
                                     "comparison: their deals have had less than 90 days to "
                                     "close.")
        assert [p.value for p in chart.chart.series[1].points][-1] == 0.0  # still drawn
        clock.freeze(datetime(2026, 5, 5, tzinfo=UTC))  # January's too
        assert "The latest 2 months" in trend_charts(
            trend, versions(*[(None, 0)] * 12), NONE)["conversion"].detail
        clock.freeze(datetime(2025, 6, 1, tzinfo=UTC))
        assert trend_charts(trend, versions(*[(None, 0)] * 12), NONE)["conversion"].finding \
            .endswith("SQL → won is not compared: no month's deals have had 90 days to close yet.")
        clock.freeze(datetime(2026, 7, 1, tzinfo=UTC))  # every month old enough
        assert trend_charts(trend, versions(*[(None, 0)] * 12), NONE)["conversion"].finding \
            .endswith("SQL → won fell from 25% in May 2025 to 0% in March 2026.")
    finally:
        clock.freeze(None)


# Every chart as an SVG file: the page's own drawing, styled without the page's stylesheet.

def svg_values(svg: str) -> list[float]:
    from xml.etree import ElementTree

    root = ElementTree.fromstring(svg.split("?>", 1)[1])
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return [float(e.get("data-value")) for e in root.iter() if e.get("data-value") is not None]


@pytest.mark.parametrize("key", ["delivery", "conversion", "speed"])
def test_each_chart_downloads_as_an_svg_file_with_the_pages_values(marketer_client, key):
    month_with_leads()
    page = unescape(marketer_client.get("/metrics/?month=2026-03").get_data(as_text=True))
    drawn = figure(page, key)
    link = f'href="/metrics/chart/{key}.svg?month=2026-03" download>Download SVG</a>'
    assert link in page
    response = marketer_client.get(f"/metrics/chart/{key}.svg?month=2026-03")
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="{key}-2026-03.svg"'
    svg = response.get_data(as_text=True)
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')
    chart = drawn[:drawn.index("</svg>")]
    assert svg_values(svg) == [float(v) for v in re.findall(r'data-value="([^"]+)"', chart)]
    assert "class=" not in svg and "fill=" in svg  # presentation attributes, no stylesheet
    assert "<desc>" in svg and "<title" in svg


def test_a_filtered_chart_downloads_filtered_and_an_empty_one_is_not_found(marketer_client):
    month_with_leads()
    whole = marketer_client.get("/metrics/chart/delivery.svg?month=2026-03").get_data(
        as_text=True)
    sliced = marketer_client.get("/metrics/chart/delivery.svg?month=2026-03&source=nowhere")
    assert sliced.status_code == 404  # nothing to draw for it: the page says so in words
    assert svg_values(whole)
    assert marketer_client.get("/metrics/chart/pie.svg?month=2026-03").status_code == 404


def test_the_feedback_charts_download_as_svg(marketer_client):
    from tests.test_leads_feedback import rated_march

    rated_march()
    page = marketer_client.get("/leads/feedback?month=2026-03").get_data(as_text=True)
    assert 'href="/metrics/chart/ratings.svg?month=2026-03" download' in page
    svg = marketer_client.get("/metrics/chart/ratings.svg?month=2026-03").get_data(as_text=True)
    assert svg_values(svg) == [1, 1, 1, 1]
    assert 'fill="#b34a00"' in svg and "class=" not in svg
