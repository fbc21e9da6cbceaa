"""Goals over HTTP: the period's board and plan, a goal, its panel, the API."""

import re
from datetime import UTC, date, datetime

from sqlalchemy import select

from tests.factories import make_user
from tests.goal_builders import PERIOD, make_goal
from tests.lead_builders import make_lead, sla_in_force
from workspace import clock
from workspace.api.services import create_api_token
from workspace.extensions import db
from workspace.goals import queries, services
from workspace.goals.models import Goal
from workspace.goals.periods import parse_period
from workspace.leads.services import log_attempt, rate
from workspace.metrics.catalog import figure
from workspace.metrics.filters import Filters

APRIL = datetime(2026, 4, 16, 9, 0, tzinfo=UTC)


def test_the_board_shows_both_teams_and_its_fragment_answers_filters(app, client):
    clock.freeze(APRIL)
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head", name="David")
    make_goal(marketing)
    make_goal(sales, title="Faster first contact", unit="minutes", baseline=90.0, target=45.0,
              direction="decrease")
    client.sign_in(make_user("sales", "member"))
    page = client.get(f"/goals/?period={PERIOD}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "More qualified leads" in body
    assert "Faster first contact" in body and "Waiting for both heads" in body
    fragment = client.get(f"/goals/?period={PERIOD}&team=sales", headers={
        "HX-Request": "true", "HX-Request-Type": "partial"})
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and "Faster first contact" in text
    assert "More qualified leads" not in text and "HX-Request" in fragment.headers["Vary"]
    empty = client.get("/goals/?period=2027-Q1").get_data(as_text=True)
    assert "No goals for 2027-Q1 yet." in empty


def test_the_workspace_chooses_half_years_and_the_board_opens_on_the_one_under_way(app, client):
    clock.freeze(APRIL)
    admin = make_user("marketing", "head", is_admin=True)
    client.sign_in(admin)
    assert "2026-Q2" in client.get("/goals/").get_data(as_text=True)
    saved = client.post_form("/admin/workspace", {"name": "Acme", "currency": "USD",
                                                 "timezone": "UTC", "goal_period": "half"})
    assert saved.status_code == 303
    board = client.get("/goals/").get_data(as_text=True)
    assert "2026-H1" in board and "period=2025-H2" in board and "period=2026-H2" in board
    assert "2026-H1" in client.get("/goals/new").get_data(as_text=True)
    refused = client.post_form("/admin/workspace", {"name": "Acme", "currency": "USD",
                                                   "timezone": "UTC", "goal_period": "week"})
    assert refused.status_code == 422
    assert "2026-H1" in client.get("/goals/").get_data(as_text=True)


def test_the_board_pages_a_crowded_period_and_the_plans_balance_ignores_filters(app, client):
    from workspace.goals.queries import Board

    clock.freeze(APRIL)
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    for number in range(Board.per_page + 3):
        make_goal(marketing, title=f"Marketing goal {number:02d}")
    make_goal(sales, title="Sales goal")
    client.sign_in(sales)
    first = client.get(f"/goals/?period={PERIOD}").get_data(as_text=True)
    assert first.count('class="goal-row"') == Board.per_page
    assert f"{Board.per_page + 3} goals" in first and "page=2" in first
    assert f"Goals in the plan — marketing: {Board.per_page + 3}, sales: 1." in first
    second = client.get(f"/goals/?period={PERIOD}&page=2").get_data(as_text=True)
    assert second.count('class="goal-row"') == 4 and "Sales goal" in second
    beyond = client.get(f"/goals/?period={PERIOD}&page=99999999999999999999")
    assert beyond.status_code in (200, 400)
    only_sales = client.get(f"/goals/?period={PERIOD}&team=sales").get_data(as_text=True)
    assert f"Goals in the plan — marketing: {Board.per_page + 3}, sales: 1." in only_sales


def test_a_goal_form_answers_422_with_the_message_beside_the_field(app, client):
    clock.freeze(APRIL)
    head = make_user("marketing", "head")
    client.sign_in(head)
    response = client.post_form(f"/goals/new?period={PERIOD}", {
        "title": "Same", "owner_id": str(head.id), "metric": "", "unit": "MQLs",
        "baseline": "100", "target": "100", "direction": "increase", "deadline": "2026-06-30"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="target-error">The target equals the baseline', body)
    assert db.session.scalar(select(Goal)) is None
    created = client.post_form(f"/goals/new?period={PERIOD}", {
        "title": "More MQLs", "owner_id": str(head.id), "metric": "", "unit": "MQLs",
        "baseline": "100", "target": "140", "direction": "increase", "deadline": "2026-06-30",
        "why": "Sales can take more."})
    assert created.status_code == 303


def test_check_ins_and_asks_go_through_the_goal_panel_with_their_events(app, client):
    clock.freeze(APRIL)
    head, rep = make_user("marketing", "head"), make_user("sales", "member", name="Carlos")
    goal = make_goal(head)
    client.sign_in(head)
    htmx = {"HX-Request": "true", "HX-Request-Type": "partial"}
    refused = client.post_form(f"/goals/{goal.id}/check-ins", {"confidence": "4"}, htmx=True)
    assert refused.status_code == 422 and "Say where the goal stands now" in refused.get_data(
        as_text=True)
    done = client.post(f"/goals/{goal.id}/check-ins", headers=htmx, data={
        "csrf_token": client.csrf_token(), "confidence": "4", "value": "120"})
    assert done.status_code == 200 and done.headers["HX-Trigger"] == "goal-checked-in"
    asked = client.post_form(f"/goals/{goal.id}/commitments", {
        "text": "Call every MQL within the hour", "owner_id": str(rep.id),
        "due_on": "2026-05-01"}, htmx=True)
    assert asked.status_code == 200 and asked.headers["HX-Trigger"] == "commitment-asked"
    owner = app.test_client()
    owner.sign_in(rep)
    home = owner.get("/").get_data(as_text=True)
    assert "Your commitments to the other team" in home and "Call every MQL" in home


def test_only_the_owner_team_and_contributors_edit(app, client):
    clock.freeze(APRIL)
    goal = make_goal(make_user("marketing", "head"))
    client.sign_in(make_user("sales", "member"))
    assert client.get(f"/goals/{goal.id}").status_code == 200  # everyone reads
    assert client.get(f"/goals/{goal.id}/edit").status_code == 403
    teammate = app.test_client()
    teammate.sign_in(make_user("marketing", "member"))
    assert teammate.get(f"/goals/{goal.id}/edit").status_code == 200


def test_a_live_goal_reads_the_metrics_catalog_for_its_period(app):
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    sla_in_force(marketing, sales, at=datetime(2026, 3, 20, tzinfo=UTC))
    rep = make_user("sales", "member")
    for day in (3, 10, 17):
        lead = make_lead(marketing, at=datetime(2026, 4, day, 9, tzinfo=UTC), assigned_to=rep,
                         last_engaged_at=datetime(2026, 4, day - 1, tzinfo=UTC))
        clock.freeze(datetime(2026, 4, day, 10, tzinfo=UTC))
        log_attempt(lead, rep, "call", "connected",
                    at=datetime(2026, 4, day, 9, 30, tzinfo=UTC))
        if day != 17:
            rate(lead, rep, 4, "accepted", "fits")
    clock.freeze(datetime(2026, 5, 2, tzinfo=UTC))
    goal = make_goal(marketing, metric="mql_to_sql", unit="", baseline=50.0, target=80.0)
    [row] = queries.goals_for(parse_period(PERIOD))
    expected = figure("mql_to_sql", queries.metrics_period(PERIOD)).value
    assert expected is not None and row.progress.current == round(expected * 100, 2)
    # The goal page reads the figure once, month by month: its last is the period's figure.
    assert queries.running_values(goal, parse_period(PERIOD))[-1][1] == row.progress.current
    assert goal.unit == "%"
    client = app.test_client()
    client.sign_in(marketing)
    page = client.get(f"/goals/{goal.id}").get_data(as_text=True)
    assert "MQL → SQL" in page and f"{round(expected * 100)} %" in page


def test_the_board_reads_the_sums_once_per_slice_whatever_the_number_of_live_goals(app):
    from sqlalchemy import event

    clock.freeze(APRIL)
    marketing = make_user("marketing", "head")
    make_goal(marketing, metric="roi", unit="", baseline=50.0, target=80.0)  # reads spend too
    counted = []

    def count(*_):
        counted.append(1)

    def queries_for_the_board() -> int:
        counted.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            queries.goals_for(parse_period(PERIOD))
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(counted)

    one = queries_for_the_board()
    for key in ("mql_to_sql", "cost_per_lead", "mqls_delivered", "leads"):
        make_goal(marketing, metric=key, unit="", baseline=1.0, target=2.0)
    assert queries_for_the_board() == one
    one_rep = {"rep_id": make_user("sales", "member").id}  # a second slice
    make_goal(marketing, metric="mql_to_sql", unit="", baseline=1.0, target=2.0,
              metric_filters=one_rep)
    two_slices = queries_for_the_board()
    assert one < two_slices < 2 * one  # the goals, their check-ins and commitments read once
    make_goal(marketing, metric="leads", unit="", baseline=1.0, target=2.0,
              metric_filters=one_rep)
    assert queries_for_the_board() == two_slices


def test_the_api_lists_a_periods_goals_and_refuses_a_malformed_period(app, client):
    clock.freeze(APRIL)
    head, rep = make_user("marketing", "head"), make_user("sales", "member")
    goal = make_goal(head)
    services.ask_commitment(goal, head, rep, "Call fast", date(2026, 5, 1))
    auth = {"Authorization": "Bearer " + create_api_token("BI", ["goals:read"], None).secret}
    body = client.get(f"/api/v1/goals?period={PERIOD}", headers=auth).get_json()
    [listed] = body["goals"]
    assert listed["owner_email"] == head.email and listed["target"] == 150.0
    assert listed["open_commitments"][0]["owner_email"] == rep.email
    bad = client.get("/api/v1/goals?period=2026-Q9", headers=auth)
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "period"
    other = {"Authorization": "Bearer " + create_api_token("X", ["leads:read"], None).secret}
    assert client.get(f"/api/v1/goals?period={PERIOD}", headers=other).status_code == 403


def test_a_goals_chart_plots_its_check_ins_and_the_table_says_the_same(app, client):
    clock.freeze(APRIL)
    head = make_user("marketing", "head")
    goal = make_goal(head)
    for day, value in ((5, 110.0), (12, 118.5)):
        clock.freeze(datetime(2026, 5, day, 9, tzinfo=UTC))
        services.check_in(goal, head, confidence=4, value=value)
    client.sign_in(head)
    page = client.get(f"/goals/{goal.id}").get_data(as_text=True)
    chart = page[page.index('class="chart-svg"'):]
    svg = chart[:chart.index("</svg>")]
    table = chart[chart.index("chart-numbers"):]
    plotted = re.findall(r'<circle[^>]*data-value="([^"]+)"', svg)
    listed = re.findall(r'<td data-value="([^"]+)"', table)
    assert plotted == listed == ["110.0", "118.5"]
    assert '<title id="goal-chart-svg-title">More qualified leads over 2026-Q2</title>' in svg
    assert "118.5 MQLs now" in page


HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}


def leads_by_quarter(marketing, counts: dict[str, int], rep=None, accepted=None,
                     source="one_rep"):
    """`counts[quarter]` MQLs handed over in the quarter's middle month, the first
    `accepted[quarter]` of them accepted by `rep`."""
    for label, count in counts.items():
        month = parse_period(label).start.replace(day=1).month + 1
        year = parse_period(label).start.year
        for n in range(count):
            at = datetime(year, month, 2 + n, 9, tzinfo=UTC)
            lead = make_lead(marketing, at=at, assigned_to=rep, source=source,
                             last_engaged_at=datetime(year, month, 1, tzinfo=UTC))
            if accepted and n < accepted.get(label, 0):
                rate(lead, rep, 4, "accepted", "fits")


def test_the_achievability_check_sets_a_target_beside_the_last_four_quarters(app, client):
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    sla_in_force(marketing, sales, at=datetime(2025, 3, 20, tzinfo=UTC))
    leads_by_quarter(marketing, {"2025-Q2": 2, "2025-Q3": 3, "2025-Q4": 5, "2026-Q1": 4})
    leads_by_quarter(marketing, {"2026-Q1": 3}, source="ads")
    clock.freeze(APRIL)
    client.sign_in(marketing)
    asked = f"/goals/achievable?period={PERIOD}&metric=mqls_delivered&source=one_rep"
    fragment = client.get(f"{asked}&baseline=4&target=10", headers=HTMX)
    text = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in text
    assert "HX-Request" in fragment.headers["Vary"]
    assert "MQLs delivered: +6 (+150 %) in one quarter." in text
    assert "The best quarter so far moved it +2." in text
    cells = re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td>', text)
    assert cells == [("2025-Q2", "2", "—"), ("2025-Q3", "3", "+1"), ("2025-Q4", "5", "+2"),
                     ("2026-Q1", "4", "−1")]
    whole = client.get(f"/goals/achievable?period={PERIOD}&metric=mqls_delivered&target=10",
                       headers=HTMX).get_data(as_text=True)
    assert "MQLs delivered: +3 (+43 %) in one quarter." in whole  # from 2026-Q1's 7
    down = client.get(f"{asked}&baseline=4&target=1", headers=HTMX).get_data(as_text=True)
    assert "MQLs delivered: −3 (−75 %) in one quarter." in down
    assert "The best quarter so far moved it −1." in down
    typed = client.get(f"/goals/achievable?period={PERIOD}&metric=&target=10", headers=HTMX)
    assert "shows here that metric's last four periods" in typed.get_data(as_text=True)
    plain = client.get(f"{asked}&target=10")
    assert plain.status_code == 303 and plain.headers["Location"].endswith(
        f"/goals/new?period={PERIOD}")
    reader = app.test_client()
    reader.sign_in(make_user("marketing", "member", locale="es"))
    spanish = reader.get(f"{asked}&baseline=4&target=10.6", headers=HTMX).get_data(as_text=True)
    assert "MQL entregados: +6,6 (+165 %) en un trimestre." in spanish


def test_the_achievability_of_a_rate_is_in_points_from_the_catalogs_figures(app, client):
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    sla_in_force(marketing, sales, at=datetime(2025, 3, 20, tzinfo=UTC))
    rep = make_user("sales", "member")
    leads_by_quarter(marketing, {"2025-Q2": 2, "2025-Q3": 2, "2025-Q4": 2, "2026-Q1": 2}, rep,
                     accepted={"2025-Q2": 1, "2025-Q3": 1, "2025-Q4": 2, "2026-Q1": 1})
    clock.freeze(APRIL)
    check = queries.achievability("mql_to_sql", {}, parse_period(PERIOD), 50.0, 70.0,
                                  APRIL.date())
    assert check.history == [(label, round(figure("mql_to_sql", queries.metrics_period(
        label)).value * 100, 2)) for label in ("2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1")]
    assert [value for _, value in check.history] == [50.0, 50.0, 100.0, 50.0]
    assert (check.move, check.best, check.relative) == (20.0, 50.0, None)
    goal = make_goal(marketing, metric="mql_to_sql", unit="", baseline=50.0, target=70.0)
    client.sign_in(marketing)
    edit = client.get(f"/goals/{goal.id}/edit").get_data(as_text=True)
    assert "MQL → SQL: +20 points in one quarter." in edit
    assert "The best quarter so far moved it +50 points." in edit
    assert f'hx-get="/goals/achievable?period={PERIOD}"' in edit


def test_a_live_goal_narrowed_to_a_slice_reads_the_catalogs_figure_for_it(app, client):
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    sla_in_force(marketing, sales, at=datetime(2026, 3, 20, tzinfo=UTC))
    rep = make_user("sales", "member")
    leads_by_quarter(marketing, {PERIOD: 3}, rep, accepted={PERIOD: 1})
    leads_by_quarter(marketing, {PERIOD: 2}, rep, accepted={PERIOD: 2}, source="ads")
    clock.freeze(APRIL)
    client.sign_in(marketing)
    form = {"title": "Webinar leads convert", "owner_id": str(marketing.id),
            "metric": "mql_to_sql", "baseline": "30", "target": "60",
            "direction": "increase", "deadline": "2026-06-30"}
    for field, value, message in (
            ("source", "nowhere", "No leads have come from the source “nowhere”."),
            ("campaign", "Q9", "No leads have come from the campaign “Q9”."),
            ("rep_id", str(marketing.id), "Choose a rep of the sales team.")):
        refused = client.post_form(f"/goals/new?period={PERIOD}", {**form, field: value})
        assert refused.status_code == 422
        assert f'id="{field}-error">{message}' in refused.get_data(as_text=True)
    spend = client.post_form(f"/goals/new?period={PERIOD}", {
        **form, "metric": "cost_per_lead", "baseline": "50", "target": "40",
        "direction": "decrease", "rep_id": str(rep.id)})
    assert spend.status_code == 422 and 'id="rep_id-error">Spend is entered per source' in \
        spend.get_data(as_text=True)
    assert db.session.scalar(select(Goal)) is None
    created = client.post_form(f"/goals/new?period={PERIOD}", {**form, "source": "one_rep"})
    assert created.status_code == 303
    goal = db.session.scalar(select(Goal))
    assert goal.metric_filters == {"source": "one_rep"}
    [row] = queries.goals_for(parse_period(PERIOD))
    one_rep = figure("mql_to_sql", queries.metrics_period(PERIOD), Filters(source="one_rep"))
    assert row.progress.current == round(one_rep.value * 100, 2) == 33.33
    assert figure("mql_to_sql", queries.metrics_period(PERIOD)).value == 0.6  # the whole
    edited = client.get(f"/goals/{goal.id}/edit").get_data(as_text=True)
    assert re.search(r'<option selected value="one_rep">|<option value="one_rep" selected',
                     edited)


def checked_in_goal(client, value: float):
    """A marketing head's typed goal (100 → 150 MQLs) standing at `value`, the head signed in."""
    clock.freeze(APRIL)
    head = make_user("marketing", "head")
    goal = make_goal(head)
    services.check_in(goal, head, confidence=4, value=value)
    client.sign_in(head)
    return head, goal


def test_a_goal_carries_forward_from_its_page_or_through_the_prefilled_form(app, client):
    head, goal = checked_in_goal(client, 120.0)
    prefilled = client.get(f"/goals/new?from={goal.id}").get_data(as_text=True)
    assert "Set a goal for 2026-Q3" in prefilled and "Carried forward from" in prefilled
    assert 'value="More qualified leads"' in prefilled and 'value="120.0"' in prefilled
    assert 'value="2026-09-30"' in prefilled and f'action="/goals/new?from={goal.id}"' in \
        prefilled
    saved = client.post_form(f"/goals/new?from={goal.id}", {
        "title": "More qualified leads", "owner_id": str(head.id), "metric": "",
        "unit": "MQLs", "baseline": "120", "target": "160", "direction": "increase",
        "deadline": "2026-09-30"})
    assert saved.status_code == 303
    successor = queries.successor_of(goal)
    assert (successor.period, successor.predecessor_id, successor.target) == (
        "2026-Q3", goal.id, 160.0)
    again = client.post_form(f"/goals/{goal.id}/carry-forward")
    assert again.status_code == 303 and again.headers["Location"].endswith(
        f"/goals/{successor.id}")
    other = make_goal(head, title="Webinars", unit="one_reps", baseline=2.0, target=6.0)
    carried = client.post_form(f"/goals/{other.id}/carry-forward")
    assert carried.status_code == 303
    assert queries.successor_of(other).baseline == 2.0  # no check-in: the baseline stays
    sales = app.test_client()
    sales.sign_in(make_user("sales", "head"))
    assert sales.post_form(f"/goals/{goal.id}/carry-forward").status_code == 403
    assert sales.get(f"/goals/new?from={goal.id}").status_code == 403


def test_a_goal_whose_target_is_reached_carries_forward_into_the_form_to_adjust(app, client):
    _, goal = checked_in_goal(client, 150.0)
    response = client.post_form(f"/goals/{goal.id}/carry-forward")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="target-error">The target equals the baseline', body)
    assert queries.successor_of(goal) is None


def test_the_goal_page_offers_to_carry_it_forward_and_links_both_ways(app, client):
    clock.freeze(APRIL)
    head = make_user("marketing", "head")
    goal = make_goal(head)
    client.sign_in(head)
    page = client.get(f"/goals/{goal.id}").get_data(as_text=True)
    assert "Carry into 2026-Q3" in page
    carried = client.post_form(f"/goals/{goal.id}/carry-forward")
    assert carried.status_code == 303
    successor = client.get(carried.headers["Location"]).get_data(as_text=True)
    assert "Carried forward from" in successor and "(2026-Q2)" in successor
    page = client.get(f"/goals/{goal.id}").get_data(as_text=True)
    assert "Carried forward into" in page and "Carry into" not in page
