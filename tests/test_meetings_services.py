"""The meeting log's rules: scheduling, the agenda that builds itself, carry-over, closing."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import make_user
from tests.goal_builders import make_goal
from workspace import clock
from workspace.extensions import db
from workspace.goals import services as goal_services
from workspace.meetings import queries, services
from workspace.meetings.models import BUILT_SOURCES, AgendaItem, Meeting, NotesReview
from workspace.notifications.models import Notification
from workspace.revisions import StaleSave

MONDAY = datetime(2026, 4, 13, 9, 0, tzinfo=UTC)


def sync(organiser, people, weekly=True, kind="weekly_sync", at=MONDAY):
    return services.schedule_meeting(organiser, kind, "Weekly sync", at, at + timedelta(hours=1),
                                     [p.id for p in people], weekly=weekly)


def built(meeting) -> list[tuple[str, int | None]]:
    return [(item.source, item.source_id) for item in queries.agenda_items(meeting)
            if item.source in BUILT_SOURCES]


def test_scheduling_refuses_an_end_before_the_start_and_a_deactivated_attendee(app):
    clock.freeze(MONDAY - timedelta(days=3))
    lucia, gone = make_user("marketing", "head"), make_user("sales", "member")
    gone.deactivated_at = clock.now()
    db.session.commit()
    with pytest.raises(services.MeetingRefused) as refused:
        services.schedule_meeting(lucia, "weekly_sync", "Sync", MONDAY, MONDAY, [gone.id])
    assert refused.value.field == "ends"
    with pytest.raises(services.MeetingRefused) as refused:
        sync(lucia, [gone])
    assert refused.value.field == "attendee_ids" and "deactivated" in str(refused.value)
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_open_actions_carry_to_the_next_meeting_once_and_leave_when_done(app):
    clock.freeze(MONDAY - timedelta(days=1))
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    first = sync(lucia, [david])
    # The next one exists already, created early (Fellow's gap).
    second = services.schedule_meeting(lucia, "weekly_sync", "Weekly sync", MONDAY + timedelta(
        days=7), MONDAY + timedelta(days=7, hours=1), [david.id])
    second.series_id = first.series_id
    db.session.commit()
    clock.freeze(MONDAY)
    kept = services.add_action(first, lucia, "Send the MQL list", david.id, date(2026, 4, 30))
    settled = services.add_action(first, lucia, "Book the room", lucia.id)
    services.refresh_agenda(second)
    services.refresh_agenda(second)
    assert built(second) == [("action", kept.id), ("action", settled.id)]
    services.answer_action(settled, lucia, "done")
    following = services.close_meeting(first, lucia)
    assert following.id == second.id
    assert built(second) == [("action", kept.id)]

    def items_of_second() -> int:
        return db.session.scalar(select(func.count()).select_from(AgendaItem).where(
            AgendaItem.meeting_id == second.id))

    before = items_of_second()
    assert services.close_meeting(first, lucia).id == second.id  # closing twice: nothing new
    assert items_of_second() == before
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 2


def test_closing_the_last_of_a_series_creates_the_next_with_the_carried_items(app):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    first = sync(lucia, [david])
    item = services.add_action(first, lucia, "Share the scorecard", david.id)
    services.add_decision(first, lucia, "Weekly syncs stay on Mondays")
    following = services.close_meeting(first, lucia)
    assert following.starts_at == MONDAY + timedelta(days=7)
    assert following.attendee_ids == {lucia.id, david.id}
    assert built(following) == [("action", item.id)]
    told = db.session.scalar(select(Notification).where(Notification.user_id == david.id,
                                                        Notification.kind == "closed"))
    assert "Weekly syncs stay on Mondays" in told.excerpt and "Share the scorecard" in told.excerpt
    with pytest.raises(services.MeetingRefused):
        services.add_decision(first, lucia, "Too late")


def test_commitments_due_and_goals_to_discuss_join_the_agenda_when_read(app):
    clock.freeze(datetime(2026, 4, 1, 9, tzinfo=UTC))
    lucia, carlos = make_user("marketing", "head"), make_user("sales", "member")
    goal = make_goal(lucia)
    due = goal_services.ask_commitment(goal, lucia, carlos, "Call within the hour",
                                       date(2026, 4, 10))
    later = goal_services.ask_commitment(goal, lucia, carlos, "Quarterly review",
                                         date(2026, 6, 10))
    meeting = sync(lucia, [carlos], at=datetime(2026, 4, 20, 9, tzinfo=UTC))
    assert ("commitment", due.id) in built(meeting)
    assert ("commitment", later.id) not in built(meeting)
    assert ("goal", goal.id) not in built(meeting)
    clock.freeze(datetime(2026, 4, 18, 9, tzinfo=UTC))  # unseen for two weeks now
    goal_services.answer_commitment(due, carlos, "done")
    services.refresh_agenda(meeting)
    assert built(meeting) == [("goal", goal.id)]


def test_reordering_moves_only_this_meetings_items(app):
    clock.freeze(MONDAY - timedelta(days=1))
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    meeting, other = sync(lucia, [david]), sync(lucia, [david], weekly=False)
    a = services.add_agenda_item(meeting, lucia, "Pipeline", david.id, 10)
    b = services.add_agenda_item(meeting, david, "Campaigns")
    stranger = services.add_agenda_item(other, lucia, "Elsewhere")
    services.move_agenda_item(meeting, lucia, b.id, "up")
    assert [i.id for i in queries.agenda_items(meeting)][-2:] == [b.id, a.id]
    with pytest.raises(services.MeetingRefused):
        services.move_agenda_item(meeting, lucia, stranger.id, "up")


def test_notes_save_safely_and_a_closed_meetings_correction_needs_a_reason(app):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    meeting = sync(lucia, [david])
    services.save_notes(meeting, "Pipeline is up.\n", 1, lucia)
    with pytest.raises(StaleSave):
        services.save_notes(meeting, "Campaign moved.\n", 1, david)
    services.close_meeting(meeting, lucia)
    with pytest.raises(services.MeetingRefused) as refused:
        services.save_notes(meeting, "Pipeline is up a lot.\n", 2, lucia)
    assert refused.value.field == "summary"
    services.save_notes(meeting, "Pipeline is up a lot.\n", 2, lucia, "a typo")
    assert meeting.current_revision == 3


def test_attendees_mark_notes_reviewed_once_and_home_asks_until_they_do(app):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    meeting = sync(lucia, [david])
    with pytest.raises(services.MeetingRefused):
        services.mark_reviewed(meeting, david)
    services.close_meeting(meeting, lucia)
    assert queries.notes_to_review(david) == ([meeting], 1)
    services.mark_reviewed(meeting, david)
    services.mark_reviewed(meeting, david)
    assert db.session.scalar(select(func.count()).select_from(NotesReview)) == 1
    assert queries.notes_to_review(david) == ([], 0)


def test_an_action_cannot_be_due_in_the_past_when_created(app):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    meeting = sync(lucia, [david])
    with pytest.raises(services.MeetingRefused) as refused:
        services.add_action(meeting, lucia, "Late", david.id, date(2026, 4, 1))
    assert refused.value.field == "due_on"


def test_a_decision_links_only_a_document_that_exists(app):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    meeting = sync(lucia, [david])
    goal = make_goal(lucia)
    with pytest.raises(services.MeetingRefused) as refused:
        services.add_decision(meeting, lucia, "Retarget", "goal:9999")
    assert refused.value.field == "link"
    assert services.add_decision(meeting, lucia, "Retarget", f"goal:{goal.id}").goal_id == goal.id


def test_starting_items_and_closing_notices_are_in_each_persons_language(app):
    clock.freeze(MONDAY - timedelta(days=1))
    lucia = make_user("marketing", "head", locale="es")
    david = make_user("sales", "head", locale="en")
    marta = make_user("marketing", "member", locale="es")
    meeting = sync(lucia, [david, marta])
    texts = [item.text for item in queries.agenda_items(meeting) if item.source == "template"]
    assert texts == ["Qué aprendió Marketing esta semana",
                     "Qué oyó Ventas de los leads esta semana"]
    services.add_decision(meeting, lucia, "Llamar en 30 minutos")
    services.close_meeting(meeting, lucia)
    excerpts = dict(db.session.execute(select(Notification.user_id, Notification.excerpt).where(
        Notification.kind == "closed")).all())
    assert excerpts[david.id] == "Decided: Llamar en 30 minutos"
    assert excerpts[marta.id] == "Decidido: Llamar en 30 minutos"
