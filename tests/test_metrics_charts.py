"""The metrics pages' twelve-month charts: their figures are the trend's, their findings are
right, their edges hold, and they cost the page no query."""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from tests.factories import make_user
from tests.test_metrics_views import month_with_leads
from workspace.charts import Slot, bar_chart, line_chart
from workspace.extensions import db
from workspace.metrics import catalog
from workspace.metrics.charts import trend_charts
from workspace.metrics.filters import NONE, Filters
from workspace.metrics.period import Period
from workspace.metrics.queries import month_trend, month_versions
from workspace.metrics.sums import MonthSums, Share
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
    bars = values(page, "chart-bar")
    assert bars == [row.delivered for row in trend] and bars[-1] == 2
    assert values(page, "chart-level") == [100, 100]  # signed in late February
    table = re.search(r'<table class="table trend">.*?</table>', page, re.S).group(0)
    delivered = [int(n) for n in re.findall(r'spark-fill w\d+"></span></span> (\d+)</td>\s*'
                                            r'<td><span class="spark">', table)]
    assert delivered == bars
    period = Period.ending(MARCH, 12)
    for position, key in enumerate(("mql_to_sql", "sql_to_won"), start=1):
        plotted = values(page, f"chart-point chart-series-{position}")
        expected = [f.value for _, f in catalog.monthly(key, period) if f.value is not None]
        assert plotted == pytest.approx(expected)
    numbers = re.findall(r'<details class="chart-numbers">.*?</details>', page, re.S)
    assert len(numbers) == 2
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
    assert values(page, "chart-bar") == [row.delivered for row in month_trend(MARCH, 12)]
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
        counted.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert marketer_client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(counted)

    assert queries("/metrics/?month=2026-03") <= 22
    assert queries("/metrics/?month=2026-03&source=webinar") <= 22
    assert queries("/metrics/review/2026-03") <= 21


def test_filters_swap_the_charts_with_the_rest_of_the_fragment(marketer_client):
    from tests.conftest import HTMX

    month_with_leads()
    fragment = marketer_client.get("/metrics/?month=2026-03&source=webinar", headers=HTMX)
    html = fragment.get_data(as_text=True)
    assert "<html" not in html and html.lstrip().startswith('<div id="metrics-body">')
    assert 'class="chart-bar"' in html and 'class="chart-level"' not in html  # a slice: no target
    assert "The monthly target is for all leads, not for this filter." in html
