"""Nothing typed is lost when the session expires in the middle of an edit."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.e2e.pages import SignInPage
from tests.factories import PASSWORD, make_user
from tests.support.notes import create_note
from workspace import clock


def test_text_typed_before_the_session_expired_is_offered_back(page: Page, app):
    user = make_user(name="Tom Typist")
    note = create_note(user, "MQL", "old body")
    SignInPage(page).open().sign_in(user.email, PASSWORD)
    # The presence poll would also notice the expired session; keep this test to the save.
    page.route("**/presence/**", lambda route: route.abort())
    page.goto(f"/notes/{note.id}/edit")
    page.get_by_label("Body").fill("a long careful rewrite")
    clock.freeze(clock.now() + app.config["PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=5))

    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/login\?next=/notes/\d+/edit"))
    clock.freeze(None)
    SignInPage(page).sign_in(user.email, PASSWORD)

    expect(page).to_have_url(re.compile(rf"/notes/{note.id}/edit"))
    expect(page.get_by_label("Body")).to_have_value("a long careful rewrite")
    expect(page.get_by_text("We kept the text you had not saved yet")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(rf"/notes/{note.id}$"))
    expect(page.get_by_text("a long careful rewrite")).to_be_visible()

    page.goto(f"/notes/{note.id}/edit")
    expect(page.get_by_text("We kept the text you had not saved yet")).to_be_hidden()
