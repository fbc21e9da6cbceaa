"""Carrying a goal forward: a new goal in the next period, pre-filled and linked to it."""

from calendar import monthrange
from datetime import date, timedelta

from workspace.auth.models import User
from workspace.goals.models import Goal
from workspace.goals.periods import Period, parse_period
from workspace.goals.services import create_goal


def carry_forward(goal: Goal, author: User) -> Goal:
    """A new goal in the next period, pre-filled from this one and linked to it; this one and
    its history stay as they are."""
    following, fields = successor_fields(goal, author)
    return create_goal(author, following.label, fields)


def successor_fields(goal: Goal, author: User) -> tuple[Period, dict]:
    """What carrying a goal forward pre-fills: the next period, the same measure, slice and
    target, the goal's current value as the baseline when known, the deadline at the same
    place in the new period, and the five answers to revise."""
    from workspace.goals.queries import current_value

    period = parse_period(goal.period)
    following = period.shifted(1)
    current = current_value(goal)
    owner = goal.owner if goal.owner.is_active and goal.owner.team == goal.owner_team \
        else author
    return following, {
        **{name: getattr(goal, name) for name in goal.revision_fields},
        "owner_id": owner.id, "baseline": goal.baseline if current is None else current,
        "deadline": deadline_in(following, goal.deadline, period),
        "metric_filters": dict(goal.metric_filters or {}),
        "contributor_ids": list(goal.contributor_ids or []), "predecessor_id": goal.id}


def deadline_in(following: Period, deadline: date, period: Period) -> date:
    """A deadline moved to the same place in the following period: as many months after its
    start, the same day, or the month's last day when it was the last or the month is
    shorter."""
    months = (deadline.year - period.start.year) * 12 + deadline.month - period.start.month
    year, month = divmod(following.start.year * 12 + following.start.month - 1 + months, 12)
    last = monthrange(year, month + 1)[1]
    was_last = deadline.day == monthrange(deadline.year, deadline.month)[1]
    moved = date(year, month + 1, last if was_last else min(deadline.day, last))
    return min(max(moved, following.start), following.end - timedelta(days=1))
