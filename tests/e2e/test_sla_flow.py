"""The SLA in a browser: drafted, edited by the other head, proposed, signed by both."""

import re

from playwright.sync_api import Browser, expect

from tests.e2e.pages import SignInPage
from tests.factories import PASSWORD, make_user


def signed_in(browser: Browser, base_url: str, person):
    page = browser.new_context(base_url=base_url).new_page()
    SignInPage(page).open().sign_in(person.email, PASSWORD)
    return page


def test_draft_negotiate_propose_and_both_heads_sign(browser: Browser, base_url):
    lucia = make_user("marketing", "head", name="Lucía Fernández")
    david = make_user("sales", "head", name="David Okafor")
    marketing, sales = signed_in(browser, base_url, lucia), signed_in(browser, base_url, david)

    marketing.get_by_role("link", name="SLA").click()
    marketing.get_by_role("button", name="Draft the first agreement").click()
    expect(marketing.get_by_role("heading", name="Edit draft version 1")).to_be_visible()
    marketing.get_by_label("Agreement text").fill("Marketing hands over MQLs; sales calls fast.")
    marketing.get_by_label("Rule 1: Field").select_option("employees")
    marketing.get_by_label("Rule 1: Operator").select_option(">")
    marketing.get_by_label("Rule 1: Value").fill("100")
    marketing.get_by_label("Review date").fill("2027-03-01")

    sales.goto("/sla/1/edit")
    expect(sales.locator("#presence")).to_contain_text("Lucía Fernández is editing since",
                                                       timeout=15000)
    marketing.get_by_role("button", name="Save draft").click()
    expect(marketing.get_by_role("heading", name=re.compile("Version 1"))).to_be_visible()

    sales.goto("/sla/1/edit")
    sales.get_by_label("First contact within (minutes)").fill("45")
    sales.get_by_role("button", name="Save draft").click()
    expect(sales.get_by_text("within 45 minutes of hand-off")).to_be_visible()
    sales.once("dialog", lambda dialog: dialog.accept())
    sales.get_by_role("button", name="Propose for signature").click()
    expect(sales.locator("#signoff")).to_contain_text("Signature waiting")

    marketing.goto("/")
    expect(marketing.get_by_role("heading", name=re.compile("Your signature is waiting"))) \
        .to_be_visible()
    marketing.get_by_role("link", name="SLA version 1").click()
    marketing.get_by_role("button", name="Sign for Marketing").click()
    expect(marketing.locator("#signoff")).to_contain_text("Signed by Lucía Fernández")

    sales.goto("/sla/1")
    sales.get_by_role("button", name="Sign for Sales").click()
    expect(sales.locator("#signoff")).to_contain_text("Signed by both teams")
    sales.goto("/sla/")
    expect(sales.get_by_role("heading", name=re.compile("In force: version 1"))).to_be_visible()
    expect(sales.get_by_text("within 45 minutes of hand-off")).to_be_visible()
