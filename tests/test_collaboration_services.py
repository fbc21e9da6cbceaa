"""Comments, mentions, notifications, follows, activity and presence, as services."""

from datetime import timedelta

import pytest

from tests.factories import make_user
from tests.support.notes import create_note, edit_note
from workspace import clock
from workspace.activity.services import recent_activity
from workspace.comments import services as comments
from workspace.comments.mentions import mention_candidates, mentioned_people
from workspace.extensions import db
from workspace.notifications.services import (
    mark_read,
    notifications_for,
    unfollow,
    unread_count,
)
from workspace.presence.services import heartbeat, presence_state


def test_mentions_resolve_handles_of_active_people_only():
    marta = make_user(email="marta.gil@example.test")
    gone = make_user(email="old.rep@example.test")
    gone.deactivated_at = clock.now()
    db.session.commit()
    text = "@marta.gil and @old.rep and @nobody, but not mail@marta.gil or `x@y`"
    assert mentioned_people(text) == [marta]


def test_a_mention_notifies_once_and_never_the_author():
    author = make_user(email="ana@example.test")
    marta = make_user(email="marta@example.test")
    note = create_note(author, "MQL")
    comments.add_comment(author, note, "@marta @marta @ana please check")
    assert [n.kind for n in notifications_for(marta)] == ["mention"]
    assert notifications_for(author) == []


def test_a_reply_notifies_the_parent_author_and_followers_hear_of_comments():
    owner, first, replier = make_user(), make_user(), make_user()
    note = create_note(owner, "MQL")
    parent = comments.add_comment(first, note, "Is 100 employees right?")
    assert [n.kind for n in notifications_for(owner)] == ["comment"]
    comments.add_comment(replier, note, "Yes", parent_id=parent.id)
    assert [n.kind for n in notifications_for(first)] == ["reply"]
    assert [n.kind for n in notifications_for(owner)] == ["comment", "comment"]


def test_replies_stay_one_level_deep():
    user = make_user()
    note = create_note(user, "MQL")
    top = comments.add_comment(user, note, "top")
    reply = comments.add_comment(user, note, "reply", parent_id=top.id)
    deeper = comments.add_comment(user, note, "deeper", parent_id=reply.id)
    assert deeper.parent_id == top.id
    thread = comments.thread(note)
    assert [(c.body, [r.body for r in rs]) for c, rs in thread] == [("top", ["reply", "deeper"])]


def test_only_the_author_edits_or_deletes_and_deletion_leaves_a_mark():
    author, other = make_user(), make_user()
    note = create_note(author, "MQL")
    comment = comments.add_comment(author, note, "draft")
    with pytest.raises(comments.CommentRefused):
        comments.edit_comment(comment, other, "hijacked")
    comments.edit_comment(comment, author, "final")
    assert comment.body == "final" and comment.edited_at is not None
    comments.delete_comment(comment, author)
    assert comment.is_deleted and comment.body == ""
    assert comments.thread(note)[0][0].is_deleted


def test_empty_comment_is_refused():
    user = make_user()
    with pytest.raises(comments.CommentRefused):
        comments.add_comment(user, create_note(user, "MQL"), "   ")


def test_editors_follow_and_hear_of_changes_until_they_unfollow():
    ana, bo = make_user(), make_user()
    note = create_note(ana, "MQL", "v1")
    edit_note(note, {"body": "v2"}, 1, bo, "sharper")
    assert [n.kind for n in notifications_for(ana)] == ["change"]
    unfollow(ana, note)
    db.session.commit()
    edit_note(note, {"body": "v3"}, 2, bo)
    assert len(notifications_for(ana)) == 1
    edit_note(note, {"body": "v4"}, 3, ana)  # editing does not silently re-follow
    assert [n.kind for n in notifications_for(bo)] == ["change"]


def test_mark_one_or_all_read():
    author, reader = make_user(), make_user(email="reader@example.test")
    note = create_note(author, "MQL")
    comments.add_comment(author, note, "@reader one")
    comments.add_comment(author, note, "@reader two")
    assert unread_count(reader) == 2
    mark_read(reader, notifications_for(reader)[0].id)
    assert unread_count(reader) == 1
    mark_read(reader)
    assert unread_count(reader) == 0


def test_activity_records_each_event_once_and_filters_by_team():
    marketer, rep = make_user("marketing"), make_user("sales", name="Rep")
    note = create_note(marketer, "MQL")
    comments.add_comment(rep, note, "hi")
    assert [(e.actor.name, e.verb) for e in recent_activity()] == [("Rep", "commented"),
                                                                  (marketer.name, "created")]
    assert [e.verb for e in recent_activity(team="sales")] == ["commented"]
    assert [e.verb for e in recent_activity(area="notes", team="marketing")] == ["created"]


def test_presence_shows_other_editors_until_their_heartbeats_stop():
    ana, bo = make_user(name="Ana"), make_user(name="Bo")
    note = create_note(ana, "MQL")
    heartbeat(ana, note, editing=True)
    state = presence_state(note, bo, note.current_revision)
    assert [p.user.name for p in state.editors] == ["Ana"] and state.changed_by is None
    assert presence_state(note, ana, note.current_revision).editors == []
    clock.freeze(clock.now() + timedelta(minutes=1))
    assert presence_state(note, bo, note.current_revision).editors == []


def test_presence_tells_who_saved_a_revision_the_viewer_has_not_seen():
    ana, bo = make_user(name="Ana"), make_user(name="Bo")
    note = create_note(ana, "MQL", "v1")
    seen = note.current_revision
    edit_note(note, {"body": "v2"}, 1, ana)
    state = presence_state(note, bo, seen)
    assert state.changed_by.name == "Ana"
    assert state.digest() != presence_state(note, bo, note.current_revision).digest()


def test_mention_autocomplete_finds_by_handle_or_name():
    make_user(name="Marta Gil", email="marta.gil@example.test")
    make_user(name="Carlos Ruiz", email="carlos@example.test")
    assert [p.name for p in mention_candidates("mar")] == ["Marta Gil"]
    assert [p.name for p in mention_candidates("ruiz")] == ["Carlos Ruiz"]
