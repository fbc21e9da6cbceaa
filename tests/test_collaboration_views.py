"""The shared mechanisms over HTTP, on the test-only note document."""

import re

from tests.conftest import HTMX
from tests.factories import make_user
from tests.support.notes import Note, create_note
from workspace.extensions import db
from workspace.revisions import history


def edit_form(client, note_id):
    page = client.get(f"/notes/{note_id}/edit").get_data(as_text=True)
    return int(re.search(r'name="base_revision" value="(\d+)"', page).group(1))


def test_concurrent_edits_one_wins_the_other_resolves_and_both_are_kept(app):
    ana, bo = make_user(name="Ana"), make_user(name="Bo")
    note = create_note(ana, "MQL", "one\ntwo\n", "x")
    ana_client, bo_client = app.test_client(), app.test_client()
    ana_client.sign_in(ana)
    bo_client.sign_in(bo)
    ana_base, bo_base = edit_form(ana_client, note.id), edit_form(bo_client, note.id)

    saved = ana_client.post_form(f"/notes/{note.id}/edit", {
        "base_revision": ana_base, "title": "MQL (agreed)", "body": "one\ntwo\n", "tags": "x"})
    assert saved.status_code == 303
    refused = bo_client.post_form(f"/notes/{note.id}/edit", {
        "base_revision": bo_base, "title": "Marketing-qualified lead", "body": "one\ntwo\nthree\n",
        "tags": "x"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Ana saved a new version while you were editing" in page
    assert "Marketing-qualified lead" in page and "MQL (agreed)" in page
    assert 'name="base_revision" value="2"' in page
    assert "one\ntwo\nthree\n" in page  # Bo's body change merged in, nothing typed lost

    resolved = bo_client.post_form(f"/notes/{note.id}/edit", {
        "base_revision": 2, "title": "Marketing-qualified lead", "resolve-title": "theirs",
        "body": "one\ntwo\nthree\n", "tags": "x"})
    assert resolved.status_code == 303
    db.session.expire_all()
    note = db.session.get(Note, note.id)
    assert (note.title, note.body) == ("MQL (agreed)", "one\ntwo\nthree\n")
    assert [(r.number, r.author.name) for r in history(note)] == [(3, "Bo"), (2, "Ana"),
                                                                  (1, "Ana")]


def test_stale_save_over_htmx_answers_409_with_the_conflict_fragment(app):
    ana = make_user(name="Ana")
    note = create_note(ana, "MQL", "body")
    client = app.test_client()
    client.sign_in(ana)
    client.post_form(f"/notes/{note.id}/edit", {"base_revision": 1, "title": "A", "body": "b",
                                                "tags": ""})
    response = client.post_form(f"/notes/{note.id}/edit", {
        "base_revision": 1, "title": "B", "body": "b", "tags": ""}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "<html" not in body and 'id="conflict"' in body


def test_history_compares_any_two_revisions_with_ins_and_del(marketer_client):
    user = make_user()
    note = create_note(user, "MQL", "alpha beta")
    marketer_client.post_form(f"/notes/{note.id}/edit", {
        "base_revision": 1, "title": "MQL", "body": "alpha gamma", "tags": ""})
    marketer_client.post_form(f"/notes/{note.id}/edit", {
        "base_revision": 2, "title": "MQL", "body": "alpha gamma", "tags": "sla"})
    page = marketer_client.get(f"/notes/{note.id}/history?a=1&b=3").get_data(as_text=True)
    assert "<del>beta</del>" in page and "<ins>gamma</ins>" in page and "<ins>sla</ins>" in page
    assert page.count('type="radio" name="a"') == 3


def test_restore_adds_a_revision(marketer_client):
    note = create_note(make_user(), "MQL", "first")
    marketer_client.post_form(f"/notes/{note.id}/edit", {
        "base_revision": 1, "title": "MQL", "body": "second", "tags": ""})
    assert marketer_client.post_form(f"/notes/{note.id}/restore/1").status_code == 303
    db.session.expire_all()
    assert db.session.get(Note, note.id).body == "first"
    assert len(history(db.session.get(Note, note.id))) == 3


def test_hostile_comment_renders_harmless_and_triggers_refresh(marketer_client):
    note = create_note(make_user(), "MQL")
    response = marketer_client.post_form(f"/comments/note/{note.id}", {
        "body": "<script>alert(1)</script> **bold** [x](javascript:alert(1))"}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert "<script>alert" not in body and 'href="javascript' not in body
    assert "<strong>bold</strong>" in body and "hx-ignore" in body
    assert response.headers["HX-Trigger"] == "comment-added"


def test_empty_comment_is_refused_with_422_beside_the_field(marketer_client):
    note = create_note(make_user(), "MQL")
    response = marketer_client.post_form(f"/comments/note/{note.id}", {"body": " "}, htmx=True)
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(
        as_text=True)


def test_only_the_author_may_edit_and_deleting_asks_first(app, marketer_client):
    note = create_note(make_user(), "MQL")
    marketer_client.post_form(f"/comments/note/{note.id}", {"body": "mine"})
    from workspace.comments.models import Comment

    comment = db.session.scalar(db.select(Comment))
    other = app.test_client()
    other.sign_in(make_user())
    assert other.get(f"/comments/{comment.id}/edit").status_code == 403
    confirm = marketer_client.get(f"/comments/{comment.id}/delete")
    assert confirm.status_code == 200 and "Delete this comment?" in confirm.get_data(as_text=True)
    marketer_client.post_form(f"/comments/{comment.id}/delete")
    thread = marketer_client.get(f"/comments/note/{note.id}", headers=HTMX)
    assert "Comment deleted" in thread.get_data(as_text=True)


def test_mentions_autocomplete_answers_json(marketer_client):
    make_user(name="Sarah Mitchell", email="sarah.mitchell@example.test")
    people = marketer_client.get("/people/mentions?q=sar").json
    assert people == [{"handle": "sarah.mitchell", "name": "Sarah Mitchell",
                       "team": "marketing"}]


def test_notifications_page_and_mark_all_read(app, marketer_client):
    reader = make_user(email="reader@example.test")
    note = create_note(make_user(), "MQL")
    marketer_client.post_form(f"/comments/note/{note.id}", {"body": "@reader look"})
    reader_client = app.test_client()
    reader_client.sign_in(reader)
    page = reader_client.get("/notifications").get_data(as_text=True)
    assert "mentioned you on MQL" in page and 'class="bell-count"' in page
    response = reader_client.post_form("/notifications/read", htmx=True)
    assert response.headers["HX-Trigger"] == "notifications-read"
    assert 'class="bell-count"' not in reader_client.get("/").get_data(as_text=True)


def test_follow_button_targets_itself(marketer_client):
    note = create_note(make_user(), "MQL")
    response = marketer_client.post_form(f"/follow/note/{note.id}", {"follow": "1"}, htmx=True)
    assert response.status_code == 200 and "Following" in response.get_data(as_text=True)
    response = marketer_client.post_form(f"/follow/note/{note.id}", {"follow": "0"}, htmx=True)
    assert ">\n    Follow" in response.get_data(as_text=True)


def test_presence_poll_answers_204_when_nothing_changed(app, marketer_client):
    ana = make_user(name="Ana", team="sales")
    note = create_note(ana, "MQL")
    ana_client = app.test_client()
    ana_client.sign_in(ana)
    ana_client.post_form(f"/presence/note/{note.id}", {"editing": "1", "revision": 1})
    first = marketer_client.post_form(f"/presence/note/{note.id}", {"revision": 1}, htmx=True)
    body = first.get_data(as_text=True)
    assert first.status_code == 200 and "Ana is editing since" in body
    seen = re.search(r'"seen": "([0-9a-f]+)"', body).group(1)
    again = marketer_client.post_form(f"/presence/note/{note.id}", {"revision": 1, "seen": seen},
                                      htmx=True)
    assert again.status_code == 204


def test_home_feed_and_its_filter_fragment(marketer_client):
    create_note(make_user("sales", name="Rep Rita"), "SLA draft")
    home = marketer_client.get("/").get_data(as_text=True)
    assert "Rep Rita" in home and "SLA draft" in home
    fragment = marketer_client.get("/activity?team=marketing", headers=HTMX)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "Rep Rita" not in body and 'id="feed"' in body
    link = marketer_client.get(re.search(r'href="(/go/note/\d+)"', home).group(1))
    assert link.status_code == 302 and link.headers["Location"].startswith("/notes/")


def test_history_offers_restore_and_an_inline_view(marketer_client):
    note = create_note(make_user(), "MQL", "alpha beta")
    marketer_client.post_form(f"/notes/{note.id}/edit", {
        "base_revision": 1, "title": "MQL", "body": "alpha gamma", "tags": ""})
    page = marketer_client.get(f"/notes/{note.id}/history?a=1&b=2&view=inline").get_data(
        as_text=True)
    assert f'action="/notes/{note.id}/restore/1"' in page
    assert f'action="/notes/{note.id}/restore/2"' not in page  # the current one
    assert "<del>beta</del><ins>gamma</ins>" in page and "diff-sides" not in page
