"""Page objects: what a person does, in role-based locators."""

import re

from playwright.sync_api import Page, expect


class SignInPage:
    def __init__(self, page: Page):
        self.page = page

    def open(self):
        self.page.goto("/login")
        return self

    def sign_in(self, email: str, password: str):
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        expect(self.page).not_to_have_url(re.compile(r"/login"))


class SettingsPage:
    def __init__(self, page: Page):
        self.page = page

    def open(self):
        self.page.goto("/settings")
        return self

    def change_password(self, current: str, new: str):
        card = self.page.locator("#password-card")
        card.get_by_label("Current password").fill(current)
        card.get_by_label("New password", exact=True).fill(new)
        card.get_by_label("Repeat the new password").fill(new)
        card.get_by_role("button", name="Change password").click()


def sign_out(page: Page):
    page.get_by_role("button", name=re.compile("Sign out|Cerrar sesión")).click()
    expect(page).to_have_url(re.compile(r"/login"))


def tab_to(page: Page, name: str, limit: int = 40):
    """Press Tab, as a keyboard user would, until the control named `name` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("""() => { const el = document.activeElement;
            return el && (el.getAttribute('aria-label') || el.textContent).trim(); }""") == name:
            return
    raise AssertionError(f"{limit} presses of Tab never reached “{name}”")
