"""Sales' side per rep: with the Team filter on sales, each rep's first contacts and attempts
as split bars, drawn from the per-rep table's own shares (no query of their own)."""

from datetime import timedelta
from html import unescape

from tests.factories import make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from tests.test_metrics_charts import figure, svg_values, values
from workspace import clock
from workspace.leads.services import log_attempt, rate
from workspace.metrics.queries import month_scorecard
from workspace.months import Month


def two_reps():
    """Ana contacts both her MQLs within the hour; Ben one late, one never (past its
    deadline); Ben disqualifies his uncontacted lead with no attempt."""
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    ana = make_user("sales", "member", name="Ana Alba")
    ben = make_user("sales", "member", name="Ben Bravo")
    marketer = make_user("marketing", "member")
    for rep, delays in ((ana, (10, 20)), (ben, (300, None))):
        for index, delay in enumerate(delays):
            lead = make_lead(marketer, at=T0, assigned_to=rep, company=f"{rep.name} {index}")
            if delay is None:
                clock.freeze(T0 + timedelta(days=3))
                rate(lead, rep, 1, "disqualified", "no_need", confirm_below_minimum=True)
            else:
                clock.freeze(T0 + timedelta(minutes=delay))
                log_attempt(lead, rep, "call", "connected")
    clock.freeze(None)


def test_each_reps_bar_is_the_tables_split_and_the_finding_names_both_ends(marketer_client):
    two_reps()
    page = unescape(marketer_client.get("/metrics/?month=2026-03&team=sales")
                    .get_data(as_text=True))
    by_rep = {score.rep.name: score for score in
              month_scorecard(Month.of(2026, 3, "UTC")).by_rep}
    speed = figure(page, "rep_speed")
    expected = [n for name in ("Ana Alba", "Ben Bravo")
                for n in (by_rep[name].speed.met, by_rep[name].speed.missed,
                          by_rep[name].speed.pending) if n]
    assert values(speed, "chart-part") == expected == [2, 2]
    assert "Ana Alba contacted the most MQLs on time (100%), Ben Bravo the fewest (0%)." in page
    attempts = figure(page, "rep_persistence")
    assert values(attempts, "chart-part") == [by_rep["Ben Bravo"].persistence.missed] == [1]
    assert "Ben Bravo kept the commitment in 0% of the cases judged." in page
    svg = marketer_client.get("/metrics/chart/rep_speed.svg?month=2026-03&team=sales")
    assert svg_values(svg.get_data(as_text=True))[:2] == [2, 2]


def test_they_are_drawn_only_for_sales_side(marketer_client):
    two_reps()
    for query in ("", "&team=marketing"):
        page = marketer_client.get(f"/metrics/?month=2026-03{query}").get_data(as_text=True)
        assert 'id="rep_speed-heading"' not in page, query
