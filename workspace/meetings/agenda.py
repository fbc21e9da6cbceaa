"""The agenda that builds itself: what is open when the agenda is read or the meeting created.

Items built from what is open name their source (an action item, a commitment, a goal), once per
meeting; building again adds what opened since and removes what was settled in between, so a
meeting created weeks ahead still receives what is open when it happens. Items people typed,
and those a meeting started from (meetings.starters), are never touched. A closed meeting's
agenda is frozen.
"""

from datetime import datetime, timedelta

from sqlalchemy import func, select

from workspace import clock
from workspace.extensions import db
from workspace.meetings.models import BUILT_SOURCES, ActionItem, AgendaItem, Meeting

# Kinds whose agenda brings the goals' open work: commitments due and goals to discuss.
GOAL_KINDS = ("weekly_sync", "planning")


def candidates(meeting: Meeting, now: datetime) -> dict[tuple[str, int], tuple[str, int | None]]:
    """(source, id) -> (text, presenter id) of what the meeting's agenda should carry now."""
    found: dict[tuple[str, int], tuple[str, int | None]] = {}
    for item in carried_actions(meeting):
        found[("action", item.id)] = (item.text, item.owner_id)
    if meeting.kind in GOAL_KINDS:
        from workspace.goals.queries import open_commitments

        day = meeting.starts_at.date() + timedelta(days=1)
        for commitment in open_commitments(due_before=day):
            found[("commitment", commitment.id)] = (commitment.text, commitment.owner_id)
        for goal in goals_to_discuss(now):
            found[("goal", goal.id)] = (goal.title, goal.owner_id)
    return found


def next_change(meeting: Meeting, now: datetime) -> datetime:
    """The first moment after `now` at which building the agenda may find otherwise with no
    write: a goal coming to need discussion (a goals meeting, still open), or a day."""
    from workspace.goals.queries import next_open_goal_needing_discussion
    from workspace.kept import next_day_or_start

    day = next_day_or_start(now)
    if meeting.is_closed or meeting.kind not in GOAL_KINDS:
        return day
    return min(day, next_open_goal_needing_discussion(now) or day)


def carried_actions(meeting: Meeting) -> list[ActionItem]:
    """Open action items from earlier meetings of the same series."""
    if not meeting.series_id:
        return []
    return list(db.session.scalars(
        select(ActionItem).join(Meeting, Meeting.id == ActionItem.meeting_id).where(
            Meeting.series_id == meeting.series_id, Meeting.starts_at < meeting.starts_at,
            ActionItem.status == "open").order_by(Meeting.starts_at, ActionItem.id)))


def goals_to_discuss(now: datetime) -> list:
    """Open goals unseen for two weeks (the goals' own rule, queries.due_for_discussion)."""
    from workspace.goals.models import Goal
    from workspace.goals.queries import due_for_discussion

    return list(db.session.scalars(select(Goal).where(due_for_discussion(now))
                                   .order_by(Goal.id)))


def pending_changes(meeting: Meeting) -> tuple[list, list[AgendaItem]]:
    """What building the agenda now would add and remove; nothing for a closed meeting."""
    if meeting.is_closed:
        return [], []
    wanted = candidates(meeting, clock.now())
    built = {(item.source, item.source_id): item for item in items_of(meeting)
             if item.source in BUILT_SOURCES}
    add = [(key, value) for key, value in wanted.items() if key not in built]
    remove = [item for key, item in built.items() if key not in wanted]
    return add, remove


def build(meeting: Meeting) -> bool:
    """Inside a write unit: bring the built items up to date; True when anything changed."""
    add, remove = pending_changes(meeting)
    for item in remove:
        db.session.delete(item)
    position = db.session.scalar(select(func.max(AgendaItem.position)).where(
        AgendaItem.meeting_id == meeting.id)) or 0
    for (source, source_id), (text, presenter_id) in add:
        position += 1
        db.session.add(AgendaItem(meeting_id=meeting.id, text=text[:500], source=source,
                                  source_id=source_id, presenter_id=presenter_id,
                                  position=position))
    db.session.flush()
    return bool(add or remove)


def items_of(meeting: Meeting) -> list[AgendaItem]:
    return list(db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                                   .order_by(AgendaItem.position, AgendaItem.id)))
