"""The demo's meeting log: `seed-demo` on an empty database gives three months of weekly syncs
and monthly SLA reviews, one private one-on-one, and every state a person should see (it runs
on today's date, whatever the weekday)."""

from datetime import timedelta

from sqlalchemy import select

from workspace import clock
from workspace.auth.models import User
from workspace.extensions import db
from workspace.meetings import queries
from workspace.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingRevision,
    NotesReview,
)
from workspace.sla.models import AgreementVersion

PASSWORD = "demo password!"


def test_seed_demo_gives_a_meeting_log_in_every_state(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    now = clock.now()
    meetings = list(db.session.scalars(select(Meeting).order_by(Meeting.starts_at)))
    syncs = [m for m in meetings if m.kind == "weekly_sync"]
    assert len({m.series_id for m in syncs}) == 1 and syncs[0].series_id
    past, ahead = [m for m in syncs if m.is_closed], [m for m in syncs if not m.is_closed]
    assert syncs == past + ahead and len(past) >= 13 and past[-1].starts_at < now
    assert past[-1].starts_at - past[0].starts_at >= timedelta(weeks=12)
    assert {m.starts_at - n.starts_at for m, n in zip(syncs[1:], syncs, strict=False)} == {
        timedelta(weeks=1)}
    # The next two; on a Tuesday morning the first of them is today's, under way.
    assert len(ahead) == 2 and ahead[-1].starts_at > now

    reviews = [m for m in meetings if m.kind == "sla_review"]
    assert sum(m.is_closed for m in reviews) >= 3 and any(m.starts_at > now for m in reviews)
    assert {m.starts_at - n.starts_at for m, n in zip(reviews[1:], reviews, strict=False)} == {
        timedelta(weeks=4)}
    _one_private_one_on_one(app, meetings)
    _decisions_point_at_terms_and_versions()
    _actions_in_every_state_carry_over(now)
    _notes_by_several_partly_reviewed(past + [m for m in reviews if m.is_closed])
    _people_see_the_pages(app, past[-1])


def _person(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _one_private_one_on_one(app, meetings) -> None:
    [private] = [m for m in meetings if m.kind == "one_on_one"]
    lucia, david, carlos, admin = (_person(f"{name}@demo.test") for name in (
        "lucia.fernandez", "david.okafor", "carlos.ruiz", "admin"))
    assert private.attendee_ids == {lucia.id, david.id}
    assert private.visible_to(admin) and private.visible_to(lucia) and \
        not private.visible_to(carlos)
    assert private not in [row.meeting for row in queries.log(carlos).rows]
    assert private in [row.meeting for row in queries.log(david).rows]
    client = app.test_client()
    client.sign_in(carlos, PASSWORD)
    assert client.get(f"/meetings/{private.id}").status_code == 404


def _decisions_point_at_terms_and_versions() -> None:
    decisions = list(db.session.scalars(select(Decision)))
    assert sum(d.term_id is not None for d in decisions) >= 3
    linked = {db.session.get(AgreementVersion, d.agreement_version_id).number
              for d in decisions if d.agreement_version_id}
    assert {2, 3} <= linked  # the version in force and the amendment drafted
    assert any(d.goal_id for d in decisions)


def _actions_in_every_state_carry_over(now) -> None:
    actions = list(db.session.scalars(select(ActionItem)))
    assert {"open", "done", "declined"} == {a.status for a in actions}
    assert all(a.decline_reason for a in actions if a.status == "declined")
    assert any(a.is_open and a.due_on < now.date() for a in actions)  # overdue
    assert any(a.is_open and a.due_on >= now.date() for a in actions)
    carried = list(db.session.scalars(select(AgendaItem).where(AgendaItem.source == "action")))
    origin = {a.id: a.meeting_id for a in actions}
    assert carried and all(origin[item.source_id] != item.meeting_id for item in carried)
    closed = {m.id for m in db.session.scalars(select(Meeting).where(Meeting.status == "closed"))}
    assert any(item.meeting_id in closed for item in carried)  # on the record of past agendas


def _notes_by_several_partly_reviewed(held) -> None:
    for meeting in held:
        authors = set(db.session.scalars(select(MeetingRevision.author_id).where(
            MeetingRevision.document_id == meeting.id)))
        assert len(authors) >= 2 and meeting.notes
    reviewed = {m.id: {r.user_id for r in db.session.scalars(select(NotesReview).where(
        NotesReview.meeting_id == m.id))} for m in held}
    assert all(reviewed.values())
    assert any(m.attendee_ids - reviewed[m.id] for m in held)


def _people_see_the_pages(app, meeting) -> None:
    """A rep (in Spanish) and the head of sales (in English) read the log, a meeting, actions."""
    for email, words in (("carlos.ruiz@demo.test", "Reunión semanal"),
                         ("david.okafor@demo.test", "Monthly SLA review")):
        client = app.test_client()
        client.sign_in(_person(email), PASSWORD)
        page = client.get("/meetings/")
        assert page.status_code == 200 and words in page.get_data(as_text=True)
        page = client.get(f"/meetings/{meeting.id}")
        assert page.status_code == 200 and "Enmienda v3" in page.get_data(as_text=True)
        assert client.get("/meetings/actions").status_code == 200
