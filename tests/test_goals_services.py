"""Joint goals' rules: SMART checks, pace and status, the plan's two keys, commitments."""

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import make_user
from tests.goal_builders import PERIOD, goal_fields, make_goal
from tests.lead_builders import make_lead, sla_in_force
from workspace import clock
from workspace.extensions import db
from workspace.goals import carry, queries, services
from workspace.goals.periods import parse_period, period_of
from workspace.goals.progress import progress_of, suggest_status
from workspace.notifications.models import Notification

APRIL = datetime(2026, 4, 16, 9, 0, tzinfo=UTC)  # a sixth of the quarter gone


def test_periods_parse_shift_and_measure_their_elapsed_share():
    q2 = parse_period("2026-q2")
    assert (q2.label, q2.start, q2.end, q2.months) == (
        "2026-Q2", date(2026, 4, 1), date(2026, 7, 1), ["2026-04", "2026-05", "2026-06"])
    assert q2.shifted(1).label == "2026-Q3" and q2.shifted(-2).label == "2025-Q4"
    assert parse_period("2026-H2").months[0] == "2026-07" and parse_period("2026").end == date(
        2027, 1, 1)
    assert q2.elapsed_share(date(2026, 3, 1)) == 0 and q2.elapsed_share(date(2026, 8, 1)) == 1
    assert period_of(date(2026, 12, 2)).label == "2026-Q4"
    for bad in ("2026-Q5", "26-Q1", "2026-H3", "", "1999"):
        with pytest.raises(ValueError):
            parse_period(bad)


@pytest.mark.parametrize(("baseline", "target", "current", "today", "confidence", "expected"), [
    (100, 150, 125, date(2026, 5, 16), 4, "on_track"),  # half way, half the period
    (100, 150, 105, date(2026, 5, 16), 4, "off_track"),  # a tenth of the way at half time
    (100, 150, 115, date(2026, 5, 16), 4, "at_risk"),
    (40, 20, 30, date(2026, 5, 16), 4, "on_track"),  # a decrease half done
    (40, 20, 45, date(2026, 5, 16), 4, "off_track"),  # a decrease going the wrong way
    (100, 150, None, date(2026, 3, 1), None, "on_track"),  # the period has not started
    (100, 150, 150, date(2026, 9, 1), 5, "on_track"),  # over, and reached
    (100, 150, 130, date(2026, 9, 1), 4, "off_track"),  # over, and short
    (100, 150, 140, date(2026, 5, 16), 2, "at_risk"),  # ahead but unsure
    (100, 150, 140, date(2026, 5, 16), 1, "off_track"),
])
def test_status_is_suggested_from_pace_and_confidence(baseline, target, current, today,
                                                      confidence, expected):
    progress = progress_of(baseline, target, current, parse_period(PERIOD), today, confidence)
    assert progress.suggested == expected
    assert suggest_status(None, 0.0, None) == "on_track"


@pytest.mark.parametrize(("changes", "field"), [
    ({"target": 100.0}, "target"),
    ({"direction": "decrease"}, "target"),
    ({"deadline": date(2026, 7, 1)}, "deadline"),
    ({"unit": ""}, "unit"),
    ({"metric": "happiness"}, "metric"),
])
def test_a_goal_that_breaks_a_smart_rule_is_refused_and_nothing_is_stored(app, changes, field):
    head = make_user("marketing", "head")
    with pytest.raises(services.GoalRefused) as refused:
        make_goal(head, **changes)
    assert refused.value.field == field
    assert queries.goals_of_period(parse_period(PERIOD)) == []


def test_the_plan_is_agreed_by_both_heads_and_reopened_by_a_new_target(app):
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    goal = make_goal(marketing)
    make_goal(sales, title="Faster first contact", unit="minutes", baseline=90.0, target=45.0,
              direction="decrease")
    assert queries.plan_state(PERIOD).status == "open"
    services.approve_plan(PERIOD, marketing)
    assert queries.plan_state(PERIOD).status == "open"
    services.approve_plan(PERIOD, sales)
    assert queries.plan_state(PERIOD).status == "agreed"
    services.edit_goal(goal, {"target": 170.0}, goal.current_revision, marketing)
    state = queries.plan_state(PERIOD)
    assert state.status == "reapproval"
    assert state.changes["sales"] == [("retargeted", "More qualified leads", 150.0, 170.0)]
    services.approve_plan(PERIOD, marketing)
    services.approve_plan(PERIOD, sales)
    assert queries.plan_state(PERIOD).status == "agreed"
    make_goal(marketing, title="A new goal")
    assert queries.plan_state(PERIOD).changes["marketing"][0][:2] == ("added", "A new goal")
    with pytest.raises(services.GoalRefused):
        services.approve_plan(PERIOD, make_user("marketing", "member"))


def test_a_commitment_is_owned_by_the_other_team_accepted_declined_and_done(app):
    clock.freeze(APRIL)
    head, rep = make_user("marketing", "head"), make_user("sales", "member", name="Carlos")
    goal = make_goal(head)
    with pytest.raises(services.GoalRefused) as own_team:
        services.ask_commitment(goal, head, make_user("marketing", "member"), "Help", date(
            2026, 5, 1))
    assert own_team.value.field == "owner_id"
    asked = services.ask_commitment(goal, head, rep, "Call every MQL within the hour",
                                    date(2026, 5, 1))
    assert [c.id for c in queries.open_commitments(owner_id=rep.id)] == [asked.id]
    with pytest.raises(services.GoalRefused):
        services.answer_commitment(asked, head, "accept")  # only its owner answers
    services.answer_commitment(asked, rep, "accept")
    services.answer_commitment(asked, rep, "done")
    assert asked.status == "done" and queries.open_commitments(owner_id=rep.id) == []
    declined = services.ask_commitment(goal, head, rep, "Weekly call notes", date(2026, 5, 2))
    with pytest.raises(services.GoalRefused):
        services.answer_commitment(declined, rep, "decline")
    services.answer_commitment(declined, rep, "decline", "No capacity this quarter")
    told = db.session.scalars(db.select(Notification).where(Notification.user_id == head.id,
                                                            Notification.kind == "declined"))
    assert [n.excerpt for n in told] == ["No capacity this quarter"]
    assert queries.open_commitments(due_before=date(2026, 6, 1)) == []


def test_status_calls_and_check_ins_follow_their_rules(app):
    clock.freeze(APRIL)
    head, member = make_user("marketing", "head"), make_user("marketing", "member")
    goal = make_goal(head)
    with pytest.raises(services.GoalRefused):
        services.set_status(goal, member, "achieved")
    with pytest.raises(services.GoalRefused):
        services.set_status(goal, member, "at_risk")  # another call than suggested needs a why
    services.set_status(goal, member, "at_risk", "Webinar slots cancelled")
    with pytest.raises(services.GoalRefused):
        services.check_in(goal, member, confidence=3)  # a typed goal needs its value
    services.check_in(goal, member, confidence=3, value=110.0, progress="Two webinars")
    with pytest.raises(services.GoalRefused):
        services.set_status(goal, head, "dropped")  # dropping needs a reason
    services.set_status(goal, head, "dropped", "The budget went to events")
    with pytest.raises(services.GoalRefused):
        services.check_in(goal, member, confidence=3, value=120.0)


def test_a_goal_not_checked_in_for_two_weeks_needs_discussion(app):
    clock.freeze(APRIL)
    head = make_user("marketing", "head")
    goal = make_goal(head)
    services.check_in(goal, head, confidence=4, value=110.0)
    clock.freeze(APRIL + timedelta(days=15))
    [row] = queries.goals_for(parse_period(PERIOD))
    assert row.needs_discussion
    assert goal_fields(head)["title"] == row.goal.title


def test_past_its_deadline_a_goal_awaits_a_verdict_not_a_discussion(app):
    from workspace.goals.needs import goals_to_discuss
    from workspace.meetings.agenda import goals_to_discuss as on_the_agenda

    clock.freeze(APRIL)
    head = make_user("marketing", "head")
    goals = [make_goal(head, title=f"Goal {n}") for n in range(10)]
    clock.freeze(datetime(2026, 6, 20, tzinfo=UTC))  # all unseen since April; deadline 30 June
    with app.test_request_context():
        need = goals_to_discuss(head)
    assert need.total == 10 and len(need.items) < 10  # a count of all, a few listed
    assert len(on_the_agenda(clock.now())) == 10
    clock.freeze(datetime(2026, 7, 1, 9, tzinfo=UTC))
    with app.test_request_context():
        assert goals_to_discuss(head) is None and on_the_agenda(clock.now()) == []
    [row, *_] = queries.goals_for(parse_period(PERIOD))
    assert not row.needs_discussion and row.goal.id == goals[0].id


@pytest.mark.parametrize(("history", "baseline", "target", "move", "best", "relative",
                          "compared"), [
    ([100, 110, 140, 130], None, 160, 30, 30, 30 / 130, True),  # from the latest period
    ([100, 110, 140, 130], 130, 100, -30, -10, -30 / 130, True),  # a decrease: the best fall
    ([100, 110, 140, 150], 150, 140, -10, None, -10 / 150, True),  # none ever went down
    ([None, None, None, 40], 40, 50, 10, None, 0.25, False),  # too little history
    ([None, 110, None, 130], 0, 10, 10, None, None, False),  # from zero: no share of it
])
def test_achievability_sets_the_targets_move_beside_the_best_period(
        history, baseline, target, move, best, relative, compared):
    labels = ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    check = queries.Achievability("mqls_delivered", "count", "quarter",
                                  list(zip(labels, history, strict=True)), baseline, target)
    assert (check.move, check.best, check.compared) == (move, best, compared)
    assert check.relative == (None if relative is None else pytest.approx(relative))


def test_achievability_reads_the_whole_periods_before_the_goal_or_before_today():
    q3 = parse_period("2026-Q3")
    assert [p.label for p in queries.periods_before(q3, date(2026, 8, 1))] == [
        "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]
    # planned in May: the quarter under way is not a whole one yet
    assert [p.label for p in queries.periods_before(q3, date(2026, 5, 10))] == [
        "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    assert [p.label for p in queries.periods_before(parse_period("2026"), date(2026, 5, 1))
            ] == ["2022", "2023", "2024", "2025"]


@pytest.mark.parametrize(("deadline", "period", "expected"), [
    (date(2026, 6, 30), "2026-Q2", date(2026, 9, 30)),
    (date(2026, 5, 15), "2026-Q2", date(2026, 8, 15)),
    (date(2026, 3, 31), "2026-Q1", date(2026, 6, 30)),  # the last day stays the last
    (date(2026, 2, 28), "2026-Q1", date(2026, 5, 31)),
    (date(2026, 12, 31), "2026-H2", date(2027, 6, 30)),
    (date(2026, 11, 30), "2026", date(2027, 11, 30)),
])
def test_a_carried_deadline_keeps_its_place_in_the_next_period(deadline, period, expected):
    before = parse_period(period)
    assert carry.deadline_in(before.shifted(1), deadline, before) == expected


def test_carrying_a_goal_forward_links_it_and_keeps_the_predecessors_history(app):
    clock.freeze(APRIL)
    head = make_user("marketing", "head")
    goal = make_goal(head, contributor_ids=[head.id], measured_how="From the CRM.")
    services.check_in(goal, head, confidence=3, value=120.0)
    revisions = goal.current_revision
    carried = carry.carry_forward(goal, head)
    assert (carried.period, carried.predecessor_id, carried.title) == ("2026-Q3", goal.id,
                                                                       goal.title)
    assert (carried.baseline, carried.target, carried.unit) == (120.0, 150.0, "MQLs")
    assert carried.deadline == date(2026, 9, 30) and carried.measured_how == "From the CRM."
    assert carried.contributor_ids == [head.id] and carried.why == goal.why
    assert goal.current_revision == revisions and queries.check_ins(goal)[0].value == 120.0
    with pytest.raises(services.GoalRefused, match="carried forward already"):
        carry.carry_forward(goal, head)
    with pytest.raises(services.GoalRefused):
        carry.carry_forward(make_goal(make_user("sales", "head"), unit="calls"), head)
    stray = goal_fields(head, deadline=date(2026, 12, 31), predecessor_id=carried.id)
    with pytest.raises(services.GoalRefused, match="carries forward into 2026-Q4"):
        services.create_goal(head, "2027-Q1", {**stray, "deadline": date(2027, 3, 31)})


def test_a_live_goal_carries_its_slice_and_its_value_forward(app):
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    sla_in_force(marketing, sales, at=datetime(2026, 3, 20, tzinfo=UTC))
    for day, source in ((2, "webinar"), (3, "webinar"), (4, "ads")):
        make_lead(marketing, at=datetime(2026, 4, day, 9, tzinfo=UTC), source=source,
                  last_engaged_at=datetime(2026, 4, 1, tzinfo=UTC))
    clock.freeze(APRIL)
    goal = make_goal(marketing, metric="mqls_delivered", metric_filters={"source": "webinar"},
                     baseline=1.0, target=20.0)
    carried = carry.carry_forward(goal, marketing)
    assert (carried.metric, carried.metric_filters, carried.baseline) == (
        "mqls_delivered", {"source": "webinar"}, 2)


def test_an_edit_narrows_or_widens_a_live_goal_and_a_typed_goal_narrows_nothing(app):
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    sla_in_force(marketing, sales, at=datetime(2026, 3, 20, tzinfo=UTC))
    for day, source in ((2, "webinar"), (3, "ads")):
        make_lead(marketing, at=datetime(2026, 4, day, 9, tzinfo=UTC), source=source)
    clock.freeze(APRIL)
    goal = make_goal(marketing, metric="mqls_delivered", baseline=10.0, target=20.0)
    services.edit_goal(goal, {"metric_filters": {"source": "ads"}}, goal.current_revision,
                       marketing)
    assert goal.metric_filters == {"source": "ads"}
    with pytest.raises(services.GoalRefused) as refused:
        services.edit_goal(goal, {"metric_filters": {"source": "fax"}},
                           goal.current_revision, marketing)
    assert refused.value.field == "source" and goal.metric_filters == {"source": "ads"}
    services.edit_goal(goal, {"metric": "", "unit": "MQLs"}, goal.current_revision, marketing)
    assert goal.metric_filters == {}
