"""Revisions: append-only history, compare-and-swap saves, restore, conflicts."""

import pytest
from sqlalchemy import func, select

from tests.factories import make_user
from tests.support.notes import Note, NoteRevision, create_note, edit_note
from workspace.extensions import db
from workspace.revisions import (
    StaleSave,
    changes_between,
    history,
    restore_revision,
    revision,
)


def test_every_save_appends_a_revision_with_author_and_snapshot():
    ana, bo = make_user(name="Ana"), make_user(name="Bo")
    note = create_note(ana, "MQL", "Marketing qualified lead")
    edit_note(note, {"body": "A lead marketing qualified"}, 1, bo, "clearer")
    revisions = history(note)
    assert [r.number for r in revisions] == [2, 1]
    assert revisions[0].author.name == "Bo" and revisions[0].summary == "clearer"
    assert revisions[1].snapshot == {"title": "MQL", "body": "Marketing qualified lead",
                                     "tags": ""}
    assert note.current_revision == 2


def test_saving_unchanged_content_adds_no_revision():
    note = create_note(make_user(), "MQL", "text")
    edit_note(note, {"body": "text"}, 1, make_user())
    assert [r.number for r in history(note)] == [1]


def test_a_stale_save_is_refused_and_writes_nothing():
    ana, bo = make_user(name="Ana"), make_user(name="Bo")
    note = create_note(ana, "MQL", "one\ntwo\n", "x")
    edit_note(note, {"title": "MQL (agreed)"}, 1, ana)
    with pytest.raises(StaleSave) as stale:
        edit_note(note, {"title": "Marketing-qualified lead"}, 1, bo)
    db.session.refresh(note)
    assert note.title == "MQL (agreed)" and note.current_revision == 2
    assert db.session.scalar(select(func.count()).select_from(NoteRevision)) == 2
    assert stale.value.merged.conflicts == ["title"]
    assert stale.value.current.number == 2 and stale.value.base.number == 1
    assert [c.name for c in stale.value.their_changes] == ["title"]


def test_a_stale_save_merges_what_only_one_side_changed():
    ana, bo = make_user(), make_user()
    note = create_note(ana, "MQL", "one\ntwo\nthree\n", "x")
    edit_note(note, {"body": "one\ntwo\nthree\nfour\n"}, 1, ana)
    with pytest.raises(StaleSave) as stale:
        edit_note(note, {"body": "ONE\ntwo\nthree\n", "tags": "x, y"}, 1, bo)
    merged = stale.value.merged
    assert merged.clean
    assert merged.values == {"title": "MQL", "body": "ONE\ntwo\nthree\nfour\n", "tags": "x, y"}
    edit_note(note, merged.values, 2, bo)
    assert note.body == "ONE\ntwo\nthree\nfour\n" and note.current_revision == 3


def test_restoring_an_old_revision_appends_a_new_one():
    user = make_user()
    note = create_note(user, "MQL", "first")
    edit_note(note, {"body": "second"}, 1, user)
    restore_revision(note, 1, user)
    db.session.commit()
    assert note.body == "first" and note.current_revision == 3
    assert revision(note, 3).summary == "restored revision 1"
    assert [r.number for r in history(note)] == [3, 2, 1]


def test_any_two_revisions_compare_field_by_field():
    user = make_user()
    note = create_note(user, "MQL", "alpha", "x")
    edit_note(note, {"body": "beta"}, 1, user)
    edit_note(note, {"tags": "y"}, 2, user)
    assert [c.name for c in changes_between(note, 1, 3)] == ["body", "tags"]
    assert [c.name for c in changes_between(note, 3, 1)] == ["body", "tags"]
    assert changes_between(note, 2, 2) == []


def test_revisions_are_one_per_number():
    user = make_user()
    note = create_note(user, "MQL")
    db.session.add(NoteRevision(document_id=note.id, number=1, snapshot={}))
    with pytest.raises(Exception):  # noqa: B017 (the database's unique constraint says no)
        db.session.flush()
    db.session.rollback()
    assert isinstance(db.session.get(Note, note.id), Note)


def test_a_tampered_base_revision_gives_the_conflict_view_not_a_server_error(app):
    from tests.factories import make_user
    from tests.glossary_builders import make_term

    author = make_user("marketing", "member")
    make_term(author, "Pipeline", "Open deals.")
    client = app.test_client()
    client.sign_in(author)
    for base in ("abc", "-1", "1" * 30):
        response = client.post_form("/glossary/pipeline/edit", {
            "name": "Pipeline", "definition": "Deals still open.", "owner_team": "marketing",
            "base_revision": base})
        assert response.status_code == 409, base
