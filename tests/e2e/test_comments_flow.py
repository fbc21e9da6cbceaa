"""Comments in a browser: the thread swaps in place, @ suggests people, the bell counts."""

from playwright.sync_api import Page, expect

from tests.e2e.pages import SignInPage, sign_out
from tests.factories import PASSWORD, make_user
from tests.support.notes import create_note


def test_comment_with_a_mention_picked_from_the_suggestions(page: Page, csp_violations):
    author = make_user(name="Ana Author")
    make_user(name="Sarah Mitchell", email="sarah.mitchell@example.test")
    note = create_note(author, "MQL definition", "A lead that fits the SLA's rules.")
    SignInPage(page).open().sign_in(author.email, PASSWORD)
    page.goto(f"/notes/{note.id}")
    page.evaluate("window.notReloaded = true")

    box = page.get_by_label("Comment", exact=True)
    box.press_sequentially("Can you check this, @sar")
    expect(page.get_by_role("option", name="Sarah Mitchell @sarah.mitchell")).to_be_visible()
    box.press("Enter")
    expect(box).to_have_value("Can you check this, @sarah.mitchell ")
    box.press_sequentially("please?")
    page.get_by_role("button", name="Post comment").click()

    thread = page.locator("#comments")
    expect(thread).to_contain_text("Can you check this, @sarah.mitchell please?")
    expect(page.get_by_label("Comment", exact=True)).to_have_value("")
    assert page.evaluate("window.notReloaded") is True
    assert csp_violations == []

    sign_out(page)
    SignInPage(page).open().sign_in("sarah.mitchell@example.test", PASSWORD)
    expect(page.locator(".bell-count")).to_contain_text("1")
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_text("Ana Author mentioned you on MQL definition")).to_be_visible()
