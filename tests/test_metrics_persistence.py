"""Persistence as a chart: the month's disqualified or lost MQLs by attempts made, against the
agreed minimum; its share is the scorecard's "enough attempts", its bars the table beside it,
folded on /metrics/ (drawn when opened) and drawn on the monthly review."""

from datetime import timedelta
from html import unescape

import pytest

from tests.factories import make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from tests.test_metrics_charts import MARCH, figure, folded, svg_values, values
from workspace import clock
from workspace.leads.services import close, log_attempt, rate
from workspace.metrics.persistence import Attempts, attempts_made, persistence_chart
from workspace.metrics.queries import month_scorecard


def gave_up_after(*attempts: int):
    """An MQL a month (March) per number, disqualified (even) or lost (odd) after that many
    attempts; one more accepted, which persistence does not count. The SLA asks for 4."""
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"), min_attempts=4)
    rep, marketer = make_user("sales", "member"), make_user("marketing", "member")
    for index, count in enumerate(attempts):
        lead = make_lead(marketer, at=T0 + timedelta(hours=index), assigned_to=rep,
                         company=f"Lead {index}")
        for attempt in range(count):
            clock.freeze(T0 + timedelta(hours=index, minutes=10 + attempt))
            log_attempt(lead, rep, "call", "no_answer")
        if index % 2:
            rate(lead, rep, 3, "accepted", "fits")
            close(lead, rep, False, lost_reason="Chose a competitor")
        else:
            rate(lead, rep, 2, "disqualified", "no_need", confirm_below_minimum=True)
    accepted = make_lead(marketer, at=T0, assigned_to=rep, company="Accepted")
    rate(accepted, rep, 5, "accepted", "fits")
    clock.freeze(None)


def test_the_counts_and_the_share_are_the_scorecards(app):
    gave_up_after(0, 2, 4, 7, 4)
    made = attempts_made(MARCH, 4)
    assert made.counts == (1, 0, 1, 0, 2, 0, 1)  # 0, 1 … 5, "6 or more"
    card = month_scorecard(MARCH)
    assert (made.met, made.total - made.met) == (card.persistence.met, card.persistence.missed)


def test_the_chart_draws_most_attempts_first_with_the_minimum_between(marketer_client):
    gave_up_after(0, 2, 4, 7, 4)
    drawn = folded(marketer_client, "persistence", "month=2026-03")
    assert values(drawn, "chart-bar") == [1, 0, 2, 0, 1, 0, 1]
    assert "60% of the 5 disqualified or lost MQLs of March 2026 had the attempts agreed " \
        "for them." in drawn
    assert "The agreed 4 attempts or more" in drawn and 'class="chart-threshold' in drawn
    svg = marketer_client.get("/metrics/chart/persistence.svg?month=2026-03")
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    assert svg_values(svg.get_data(as_text=True))[:7] == [1, 0, 2, 0, 1, 0, 1]


def test_the_metrics_page_names_it_and_draws_it_only_when_opened(marketer_client):
    gave_up_after(1, 5)
    page = unescape(marketer_client.get("/metrics/?month=2026-03").get_data(as_text=True))
    assert "<summary>Persistence: attempts before giving up</summary>" in page
    assert 'id="persistence-heading"' not in page
    only_marketing = marketer_client.get("/metrics/?month=2026-03&team=marketing")
    assert "Persistence: attempts" not in only_marketing.get_data(as_text=True)


def test_the_review_draws_it(marketer_client):
    gave_up_after(1, 5)
    review = unescape(marketer_client.get("/metrics/review/2026-03").get_data(as_text=True))
    assert values(figure(review, "persistence"), "chart-bar") == [0, 1, 0, 0, 0, 1, 0]


@pytest.mark.parametrize("attempts,finding", [
    (Attempts((0,) * 7, 0, 4), "No MQL of March 2026 was disqualified or lost."),
    (Attempts((0, 0, 0, 0, 0, 0, 1), 1, 4), "100% of the 1 disqualified or lost MQL of March "
                                            "2026 had the attempts agreed for it."),
    (Attempts((900, 0, 0, 0, 0, 0, 1), 1, 4), "of the 901 disqualified or lost MQLs"),
    (Attempts((1, 0, 1), 1, None), "50% of the 2 disqualified or lost MQLs")])
def test_edges_all_zero_one_lead_a_huge_outlier_no_sla(app, attempts, finding):
    with app.test_request_context():
        chart = persistence_chart(attempts, "2026-03", "en")
    assert finding in chart.finding
    if attempts.total:
        widths = [bar.width for bar in chart.chart.bars]
        assert max(widths) > 0 and all(w > 0 for w, n in zip(
            widths, attempts.counts[::-1], strict=True) if n)  # a lead keeps a sliver
        assert (chart.chart.threshold_y is None) == (attempts.minimum is None)
    else:
        assert chart.chart is None
