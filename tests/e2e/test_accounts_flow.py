"""What only a browser shows: the invitation flow, an htmx swap with CSRF, an expired session."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.e2e.pages import SettingsPage, SignInPage, sign_out
from tests.factories import PASSWORD, make_admin, make_user
from workspace import clock


def test_invite_accept_sign_in_and_switch_to_spanish(page: Page, csp_violations):
    admin = make_admin(name="Ada Admin")
    SignInPage(page).open().sign_in(admin.email, PASSWORD)

    page.get_by_role("link", name="Admin", exact=True).click()
    invite = page.get_by_role("region", name="Invite someone")
    invite.get_by_label("Email").fill("nora@example.test")
    invite.get_by_label("Name").fill("Nora Díaz")
    invite.get_by_label("Team").select_option("sales")
    invite.get_by_label("Role").select_option("member")
    invite.get_by_role("button", name="Create invitation").click()
    expect(page.get_by_role("heading", name="Nora Díaz")).to_be_visible()
    link = page.get_by_role("textbox", name="Invitation link").input_value()
    sign_out(page)

    page.goto(link)
    expect(page.get_by_role("heading", name="Welcome, Nora Díaz")).to_be_visible()
    page.get_by_label("New password", exact=True).fill("nora's long password")
    page.get_by_label("Repeat the new password").fill("nora's long password")
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_role("heading", name="Hello, Nora")).to_be_visible()

    page.get_by_role("link", name=re.compile("Nora Díaz")).click()
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("heading", name="Tus ajustes")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    assert csp_violations == []


def test_password_change_swaps_only_its_card_with_the_csrf_header(page: Page, csp_violations):
    user = make_user(name="Marta Member")
    SignInPage(page).open().sign_in(user.email, PASSWORD)
    settings = SettingsPage(page).open()
    page.evaluate("window.notReloaded = true")

    settings.change_password("not my password", "a different password")
    expect(page.locator("#password-card")).to_contain_text("That is not your current password.")
    settings.change_password(PASSWORD, "a different password")
    expect(page.locator("#password-card")).to_contain_text("Password changed.")

    assert page.evaluate("window.notReloaded") is True
    assert csp_violations == []


def test_expired_session_during_an_htmx_action_lands_on_sign_in(page: Page, app):
    user = make_user(name="Ines Idle")
    SignInPage(page).open().sign_in(user.email, PASSWORD)
    settings = SettingsPage(page).open()
    clock.freeze(clock.now() + app.config["PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=5))

    settings.change_password(PASSWORD, "a different password")

    expect(page).to_have_url(re.compile(r"/login\?next=/settings"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator("#password-card")).to_have_count(0)
