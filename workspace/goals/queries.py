"""Read models of joint goals: a period's goals with where each stands, the plan's agreement,
and open commitments (which the meeting log puts on the next agenda)."""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import ClassVar

from sqlalchemy import Row, and_, func, or_, select

from workspace import clock
from workspace.auth.models import TEAMS, User
from workspace.extensions import db
from workspace.goals.models import CheckIn, Commitment, Goal, PlanApproval
from workspace.goals.periods import Period, parse_period, period_of
from workspace.goals.progress import Progress, progress_of

DISCUSSION_DAYS = 14  # FAST: frequently discussed; a goal unseen this long needs discussion
NARROWING = ("source", "campaign", "rep_id")  # the slices a live metric narrows to
HISTORY_PERIODS = 4  # the achievability check sets a target beside this many periods before


@dataclass
class GoalRow:
    goal: Goal
    progress: Progress
    confidence: int | None
    last_check_in: datetime | None
    open_commitments: int = 0

    @property
    def status(self) -> str:
        """The owner's call when they made one, else the suggestion."""
        return self.goal.status or self.progress.suggested

    @property
    def needs_discussion(self) -> bool:
        return needs_discussion(self.goal, clock.now())


def needs_discussion(goal: Goal, now: datetime) -> bool:
    """Open, its deadline still ahead, and unseen for two weeks. Past its deadline a goal
    needs its head's verdict (achieved or dropped), no longer a discussion of its pace."""
    seen = goal.last_check_in_at or goal.created_at
    return not goal.is_closed and goal.deadline >= now.date() and \
        now - seen > timedelta(days=DISCUSSION_DAYS)


def next_needing_discussion(goals, now: datetime) -> datetime | None:
    """The first moment after `now` at which one of `goals` comes to need discussion with no
    write (two weeks unseen), for what shows it to say when it may read differently."""
    from workspace.metrics.queries import aware

    moments = [aware(goal.last_check_in_at or goal.created_at)
               + timedelta(days=DISCUSSION_DAYS, microseconds=1) for goal in goals
               if not goal.is_closed]
    return min((moment for moment in moments if moment > now), default=None)


def next_open_goal_needing_discussion(now: datetime, owner_id: int | None = None):
    """next_needing_discussion among every open goal (of `owner_id`, when given)."""
    query = select(Goal).where(still_open())
    if owner_id is not None:
        query = query.where(Goal.owner_id == owner_id)
    return next_needing_discussion(db.session.scalars(query), now)


def still_open():
    """An SQL condition: neither achieved nor dropped (Goal.is_closed)."""
    return Goal.status.is_(None) | Goal.status.not_in(("achieved", "dropped"))


def due_for_discussion(now: datetime):
    """needs_discussion as an SQL condition, for the lists that select such goals."""
    stale = now - timedelta(days=DISCUSSION_DAYS)
    return and_(still_open(),
                Goal.deadline >= now.date(),
                or_(Goal.last_check_in_at < stale,
                    Goal.last_check_in_at.is_(None) & (Goal.created_at < stale)))


@dataclass
class Board:
    """A page of the period's goals as the board shows them, with each team's count in all."""

    shown: list[GoalRow]
    page: int
    has_more: bool
    counts: dict[str, int]
    per_page: ClassVar[int] = 40  # a period rarely holds more; a page stays well under 50 KB

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, team: str) -> int:
        return self.counts.get(team, 0)


def board(period: Period, team: str | None = None, status: str | None = None,
          owner_id: int | None = None, page: int = 1, today: date | None = None) -> Board:
    """The board's page: only that page's goals are read and weighed, their counts by team
    in one query. Where a goal stands is computed, so a status filter weighs them all."""
    today = today or clock.now().date()
    if status:
        rows = goals_for(period, team, status, owner_id, today)
        counts = {name: sum(row.goal.owner_team == name for row in rows) for name in TEAMS}
        page, has_more = _page_within(page, len(rows))
        start = (page - 1) * Board.per_page
        return Board(rows[start:start + Board.per_page], page, has_more, counts)
    query = _goals_of(period, team, owner_id)
    counts = dict(db.session.execute(
        query.with_only_columns(Goal.owner_team, func.count()).order_by(None)
        .group_by(Goal.owner_team)).all())
    page, has_more = _page_within(page, sum(counts.values()))
    goals = list(db.session.scalars(query.limit(Board.per_page)
                                    .offset((page - 1) * Board.per_page)))
    return Board(rows_for(goals, period, today), page, has_more, counts)


def _page_within(page: int, total: int) -> tuple[int, bool]:
    last = max(1, math.ceil(total / Board.per_page))
    page = min(max(page, 1), last)
    return page, page < last


def _goals_of(period: Period, team: str | None, owner_id: int | None):
    query = select(Goal).where(Goal.period == period.label).order_by(Goal.owner_team, Goal.id)
    if team in TEAMS:
        query = query.where(Goal.owner_team == team)
    if owner_id:
        query = query.where(Goal.owner_id == owner_id)
    return query


def goals_for(period: Period, team: str | None = None, status: str | None = None,
              owner_id: int | None = None, today: date | None = None) -> list[GoalRow]:
    """The period's goals, each with its progress: a query for the goals, one for their
    latest check-ins, one for open commitments, and one per live metric they track."""
    goals = list(db.session.scalars(_goals_of(period, team, owner_id)))
    rows = rows_for(goals, period, today or clock.now().date())
    return [row for row in rows if not status or row.status == status]


def rows_for(goals: list[Goal], period: Period, today: date,
             live: dict[int, float | None] | None = None) -> list[GoalRow]:
    """The goals with where each stands; `live`: their live figures when the caller has read
    them already (a goal's page, from its chart's month-by-month figures)."""
    ids = [goal.id for goal in goals]
    latest = _latest_check_ins(ids)
    open_counts = dict(db.session.execute(
        select(Commitment.goal_id, func.count()).where(
            Commitment.goal_id.in_(ids), Commitment.status.in_(("proposed", "accepted")))
        .group_by(Commitment.goal_id)).all()) if ids else {}
    live = live if live is not None else live_values(goals, period)
    rows = []
    for goal in goals:
        check = latest.get(goal.id)
        current = live.get(goal.id) if goal.tracks_metric else (
            check.value if check is not None else None)
        rows.append(GoalRow(goal, progress_of(goal.baseline, goal.target, current, period, today,
                                              check.confidence if check else None),
                            check.confidence if check else None, check.at if check else None,
                            open_counts.get(goal.id, 0)))
    return rows


def _latest_check_ins(goal_ids: list[int]) -> dict[int, Row]:
    """Each goal's latest check-in: its value, confidence and time (rows, not objects)."""
    if not goal_ids:
        return {}
    newest = select(CheckIn.goal_id, func.max(CheckIn.at).label("at")).where(
        CheckIn.goal_id.in_(goal_ids)).group_by(CheckIn.goal_id).subquery()
    rows = db.session.execute(select(CheckIn.goal_id, CheckIn.value, CheckIn.confidence,
                                     CheckIn.at).join(
        newest, (CheckIn.goal_id == newest.c.goal_id) & (CheckIn.at == newest.c.at)))
    return {check.goal_id: check for check in rows}


def live_values(goals: list[Goal], period: Period) -> dict[int, float | None]:
    """Each live goal's figure over its period, from the metrics catalog (one definition per
    figure, shared with /metrics/): one read of the sums per distinct slice, whatever the
    number of goals and metrics."""
    from workspace.metrics.catalog import figures

    by_slice: dict[tuple, list[Goal]] = {}
    for goal in goals:
        if goal.tracks_metric:
            by_slice.setdefault(_slice_of(goal), []).append(goal)
    values = {}
    for narrowed, tracking in by_slice.items():
        found = figures({goal.metric for goal in tracking}, metrics_period(period.label),
                        metric_filters(dict(narrowed)))
        values.update({goal.id: in_goal_units(found[goal.metric].value,
                                              found[goal.metric].unit) for goal in tracking})
    return values


def _slice_of(goal: Goal) -> tuple:
    return tuple(sorted((key, value) for key, value in (goal.metric_filters or {}).items()
                        if value))


def running_values(goal: Goal, period: Period) -> list[tuple[str, float | None]]:
    """A live goal's figure from its period's start to each month's end ("YYYY-MM", value in
    goal units): the last is the period's figure, the same as live_values gives."""
    from workspace.metrics.catalog import running

    return [(label, in_goal_units(found.value, found.unit)) for label, found in running(
        goal.metric, metrics_period(period.label), metric_filters(goal.metric_filters or {}))]


def live_value(key: str, filters: dict, period: Period, month: str | None = None
               ) -> float | None:
    """A catalog figure in a goal's units: rates and ROI in percent, money in major units."""
    from workspace.metrics.catalog import figure

    found = figure(key, metrics_period(month or period.label), metric_filters(filters))
    return in_goal_units(found.value, found.unit)


def in_goal_units(value: float | None, unit: str) -> float | None:
    from workspace.metrics.catalog import MONEY, RATE, RATIO

    if value is None:
        return None
    return round(value * 100, 2) if unit in (RATE, RATIO) else (
        round(value / 100, 2) if unit == MONEY else value)


def metrics_period(label: str):
    """A goal period ("2026-Q4") or month as the metrics area counts it, in the workspace zone."""
    from workspace.admin.services import workspace_settings
    from workspace.metrics.period import Period as Months

    return Months.parse(label, workspace_settings().timezone)


def metric_filters(filters: dict):
    from workspace.metrics.filters import Filters

    return Filters(source=filters.get("source") or None,
                   campaign=filters.get("campaign") or None,
                   rep_id=filters.get("rep_id") or None)


def current_value(goal: Goal) -> float | None:
    """Where one goal stands now: its live figure, else its latest check-in's value."""
    if goal.tracks_metric:
        return live_value(goal.metric, goal.metric_filters or {}, parse_period(goal.period))
    check = _latest_check_ins([goal.id]).get(goal.id)
    return check.value if check is not None else None


def successor_of(goal: Goal) -> Goal | None:
    """The goal it was carried forward into, if it was."""
    return db.session.scalar(select(Goal).where(Goal.predecessor_id == goal.id)
                             .order_by(Goal.id).limit(1))


@dataclass(frozen=True)
class Achievability:
    """A live metric's last whole periods beside the move a target asks of one period; values
    in goal units (rates and ROI in percent: their moves are points)."""

    metric: str
    kind: str  # the catalog's unit: count, rate, money or ratio
    period_kind: str  # quarter, half or year
    history: list[tuple[str, float | None]]  # oldest first; None: no leads in that slice then
    baseline: float | None
    target: float | None

    @property
    def in_points(self) -> bool:
        from workspace.metrics.catalog import RATE, RATIO

        return self.kind in (RATE, RATIO)

    @property
    def start(self) -> float | None:
        """What the target moves from: the baseline, else the latest period's value."""
        return self.baseline if self.baseline is not None else self.history[-1][1]

    @property
    def move(self) -> float | None:
        if self.start is None or self.target is None:
            return None
        return self.target - self.start

    @property
    def relative(self) -> float | None:
        """The move as a share of where it starts, for counts and money."""
        if self.in_points or self.move is None or not self.start:
            return None
        return self.move / abs(self.start)

    @property
    def changes(self) -> list[float | None]:
        """Each period's move from the one before it (None for the first, or a gap)."""
        values = [value for _, value in self.history]
        return [None] + [None if before is None or after is None else after - before
                         for before, after in zip(values, values[1:], strict=False)]

    @property
    def rows(self) -> list[tuple[str, float | None, float | None]]:
        """(period, value, change from the period before) for the table, oldest first."""
        return [(label, value, change) for (label, value), change in zip(
            self.history, self.changes, strict=True)]

    @property
    def has_gaps(self) -> bool:
        return any(value is None for _, value in self.history)

    @property
    def compared(self) -> bool:
        """Whether any two periods in a row have figures to compare."""
        return any(change is not None for change in self.changes)

    @property
    def best(self) -> float | None:
        """The largest move of one period in the target's direction; None when none went
        that way."""
        if not self.move:
            return None
        same_way = [change for change in self.changes
                    if change is not None and change * self.move > 0]
        return max(same_way, key=abs) if same_way else None


def achievability(key: str, filters: dict, period: Period, baseline: float | None,
                  target: float | None, today: date) -> Achievability | None:
    """What a target for a live metric asks, beside the metric's last whole periods of the
    goal's kind before it (never one still under way); None for a typed goal."""
    from workspace.metrics.catalog import METRICS, figures

    if key not in METRICS:
        return None
    history = []
    for past in periods_before(period, today):
        found = figures([key, "leads"], metrics_period(past.label), metric_filters(filters))
        value = in_goal_units(found[key].value, found[key].unit) if found["leads"].value \
            else None
        history.append((past.label, value))
    return Achievability(key, METRICS[key].unit, period.kind, history, _finite(baseline),
                         _finite(target))


def periods_before(period: Period, today: date, count: int = HISTORY_PERIODS) -> list[Period]:
    under_way = period_of(today, period.kind)
    upto = period if period.start <= under_way.start else under_way
    return [upto.shifted(-back) for back in range(count, 0, -1)]


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def monthly_values(goal: Goal, period: Period) -> list[tuple[str, float | None]]:
    """A live goal's figure month by month over its period ("YYYY-MM", value in its units)."""
    from workspace.metrics.catalog import monthly

    return [(label, in_goal_units(found.value, found.unit)) for label, found in monthly(
        goal.metric, metrics_period(period.label), metric_filters(goal.metric_filters or {}))]


def check_ins(goal: Goal) -> list[CheckIn]:
    return list(db.session.scalars(select(CheckIn).where(CheckIn.goal_id == goal.id)
                                   .order_by(CheckIn.at.desc(), CheckIn.id.desc())))


def commitments_of(goal: Goal) -> list[Commitment]:
    return list(db.session.scalars(select(Commitment).where(Commitment.goal_id == goal.id)
                                   .order_by(Commitment.due_on, Commitment.id)))


def open_commitments(owner_id: int | None = None, due_before: date | None = None,
                     limit: int | None = None) -> list[Commitment]:
    """Commitments asked or accepted and not done: the owner's home, and the next meeting's
    agenda (what is due before it)."""
    query = select(Commitment).where(Commitment.status.in_(("proposed", "accepted")))
    if owner_id:
        query = query.where(Commitment.owner_id == owner_id)
    if due_before:
        query = query.where(Commitment.due_on < due_before)
    query = query.order_by(Commitment.due_on, Commitment.id)
    return list(db.session.scalars(query.limit(limit) if limit else query))


def plan_snapshot(period_label: str) -> list[dict]:
    """What a head approves: the period's goals (not dropped) with their targets."""
    rows = db.session.execute(select(Goal.id, Goal.title, Goal.target, Goal.owner_team).where(
        Goal.period == period_label, (Goal.status.is_(None)) | (Goal.status != "dropped"))
        .order_by(Goal.id)).all()
    return [{"id": i, "title": title, "target": target, "owner_team": team}
            for i, title, target, team in rows]


@dataclass
class PlanState:
    status: str  # open, agreed or reapproval (shown "needs re-approval")
    approvals: dict[str, PlanApproval] = field(default_factory=dict)
    # For each team whose approval no longer matches: what changed since, in words' parts.
    changes: dict[str, list[tuple[str, str, object, object]]] = field(default_factory=dict)
    # The plan's goals per team, whatever the board's filters show: the balance of the plan.
    goals_per_team: dict[str, int] = field(default_factory=dict)


def plan_state(period_label: str) -> PlanState:
    """Agreed only while both heads' approvals match the goals and targets as they are now."""
    current = plan_snapshot(period_label)
    approvals = {a.team: a for a in db.session.scalars(
        select(PlanApproval).where(PlanApproval.period == period_label))}
    changes = {team: plan_changes(approval.plan, current) for team, approval in approvals.items()}
    changes = {team: found for team, found in changes.items() if found}
    per_team = {team: sum(goal["owner_team"] == team for goal in current) for team in TEAMS}
    if len(approvals) == len(TEAMS) and not changes:
        return PlanState("agreed", approvals, goals_per_team=per_team)
    return PlanState("reapproval" if approvals and changes else "open", approvals, changes,
                     per_team)


def plan_changes(approved: list[dict], current: list[dict]) -> list[tuple[str, str, object,
                                                                          object]]:
    """(kind, title, before, after) for goals added, dropped or retargeted since approval."""
    before, now = {g["id"]: g for g in approved}, {g["id"]: g for g in current}
    found = [("added", now[i]["title"], None, now[i]["target"]) for i in now if i not in before]
    found += [("dropped", before[i]["title"], before[i]["target"], None)
              for i in before if i not in now]
    found += [("retargeted", now[i]["title"], before[i]["target"], now[i]["target"])
              for i in now if i in before and before[i]["target"] != now[i]["target"]]
    return found


def team_people(team: str) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.team == team, User.kind == "person", User.deactivated_at.is_(None),
        User.joined_at.is_not(None)).order_by(User.name)))


def period_or_current(text: str | None) -> Period:
    """The period a label names, else the one under way in the workspace's kind of period."""
    try:
        return parse_period(text) if text else current_period()
    except ValueError:
        return current_period()


def current_period() -> Period:
    from workspace.admin.services import workspace_settings

    return period_of(clock.now().date(), workspace_settings().goal_period or "quarter")


def goals_of_period(period: Period) -> list[Goal]:
    return list(db.session.scalars(select(Goal).where(Goal.period == period.label)
                                   .order_by(Goal.owner_team, Goal.id)))


def open_commitments_by_goal(goal_ids: list[int]) -> dict[int, list[Commitment]]:
    grouped: dict[int, list[Commitment]] = {}
    if goal_ids:
        for commitment in db.session.scalars(select(Commitment).where(
                Commitment.goal_id.in_(goal_ids), Commitment.status.in_(("proposed", "accepted")))
                .order_by(Commitment.due_on, Commitment.id)):
            grouped.setdefault(commitment.goal_id, []).append(commitment)
    return grouped


def people() -> list[User]:
    """Everyone who can own or contribute to a goal, by name."""
    return list(db.session.scalars(select(User).where(
        User.kind == "person", User.deactivated_at.is_(None), User.team.in_(TEAMS))
        .order_by(User.name)))
