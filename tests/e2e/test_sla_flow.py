"""The SLA in a browser: drafted, edited by the other head, proposed, signed by both; and every
region of a version's page following the sign-off panel without a reload."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.pages import SignInPage
from tests.factories import PASSWORD, make_user
from workspace.sla import services
from workspace.sla.rules import clean_rule


def sign(page: Page, team: str, number: int = 1):
    page.get_by_label(f"I have read version {number} and sign it for the {team.lower()} team") \
        .check()
    page.get_by_role("button", name=f"Sign for {team}").click()


def draft(head):
    version = services.draft_version(head)
    services.edit_draft(version, {"text": "We agree.", "review_on": "2027-03-01",
                                  "mql_rules": [clean_rule("country", "in", "es, mx")]},
                        version.current_revision, head)
    return version


def open_without_reload(page: Page, path: str):
    page.goto(path)
    page.evaluate("window.notReloaded = true")


def test_draft_negotiate_propose_and_both_heads_sign(signed_in):
    lucia = make_user("marketing", "head", name="Lucía Fernández")
    david = make_user("sales", "head", name="David Okafor")
    marketing, sales = signed_in(lucia), signed_in(david)

    marketing.get_by_role("link", name="SLA").click()
    marketing.get_by_role("button", name="Draft the first agreement").click()
    expect(marketing.get_by_role("heading", name="Edit draft version 1")).to_be_visible()
    marketing.get_by_label("Agreement text").fill("Marketing hands over MQLs; sales calls fast.")
    marketing.get_by_label("Rule 1: Field").select_option("employees")
    marketing.get_by_label("Rule 1: Operator").select_option(label="more than")
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
    sign(marketing, "Marketing")
    expect(marketing.locator("#signoff")).to_contain_text("Signed by Lucía Fernández")

    sales.goto("/sla/1")
    sign(sales, "Sales")
    expect(sales.locator("#signoff")).to_contain_text("Signed by both teams")
    sales.goto("/sla/")
    expect(sales.get_by_role("heading", name=re.compile("In force: version 1"))).to_be_visible()
    expect(sales.get_by_text("within 45 minutes of hand-off")).to_be_visible()


def test_proposing_freezes_the_heading_too(page: Page, csp_violations):
    lucia = make_user("marketing", "head", name="Lucía Fernández")
    draft(lucia)
    SignInPage(page).open().sign_in(lucia.email, PASSWORD)
    open_without_reload(page, "/sla/1")
    heading = page.locator("main header").first
    expect(heading.get_by_role("heading", level=1)).to_contain_text("Draft")
    expect(page.locator("#presence")).to_have_count(1)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Propose for signature").click()
    expect(page.locator("#signoff")).to_contain_text("Signature waiting")
    expect(heading.get_by_role("heading", level=1)).to_contain_text("Awaiting signatures")
    expect(heading.get_by_role("link", name="Edit draft")).to_have_count(0)
    expect(heading.get_by_role("link", name="Printable record")).to_be_visible()
    expect(page.locator("#presence")).to_have_count(0)  # nobody edits a proposal
    assert page.evaluate("window.notReloaded") is True
    assert csp_violations == []


def test_signing_is_explicit_and_the_second_signature_puts_it_in_force(signed_in):
    lucia = make_user("marketing", "head", name="Lucía Fernández")
    david = make_user("sales", "head", name="David Okafor")
    services.propose(draft(lucia), lucia)
    sales = signed_in(david)
    open_without_reload(sales, "/sla/1")
    expect(sales.locator(".bell-count")).to_contain_text("1")  # asked to sign
    panel = sales.locator("#signoff")
    expect(panel).to_contain_text("You are signing version 1")
    expect(panel.locator("code.hash")).to_have_text(re.compile("^[0-9a-f]{64}$"))

    sales.get_by_role("button", name="Sign for Sales").click()  # the box not ticked
    consent = sales.get_by_label("I have read version 1 and sign it for the sales team")
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(panel).to_contain_text("Tick this box to confirm you read this version")
    sign(sales, "Sales")
    expect(panel).to_contain_text("Signed by David Okafor")
    expect(panel.get_by_role("status").filter(has_text="Signed.")).to_be_focused()
    expect(sales.get_by_role("heading", level=1)).to_contain_text("Awaiting signatures")
    expect(sales.locator(".bell-count")).to_have_count(0)  # the request resolved itself

    marketing = signed_in(lucia)
    open_without_reload(marketing, "/sla/1")
    sign(marketing, "Marketing")
    expect(marketing.locator("#signoff")).to_contain_text("Signed by both teams; in effect")
    heading = marketing.get_by_role("heading", level=1)
    expect(heading).to_contain_text("In force")
    expect(heading).not_to_contain_text("Awaiting signatures")
    assert sales.evaluate("window.notReloaded") is True
    assert marketing.evaluate("window.notReloaded") is True


def test_withdrawing_shows_the_redraft_and_the_heading_follows(page: Page):
    lucia = make_user("marketing", "head", name="Lucía Fernández")
    services.propose(draft(lucia), lucia)
    SignInPage(page).open().sign_in(lucia.email, PASSWORD)
    open_without_reload(page, "/sla/1")
    page.get_by_text("Withdraw the proposal…").click()
    page.get_by_role("button", name="Withdraw and redraft").click()
    expect(page.locator("#signoff")).to_contain_text("Say why, so the other head knows")
    page.get_by_label("Why withdraw it?").fill("Mexico is not ready yet.")
    page.get_by_role("button", name="Withdraw and redraft").click()

    panel = page.locator("#signoff")
    expect(panel).to_contain_text("Withdrawn: Mexico is not ready yet.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Withdrawn")
    expect(page).to_have_url(re.compile(r"/sla/1$"))
    assert page.evaluate("window.notReloaded") is True
    panel.get_by_role("link", name="Edit draft version 2").click()
    expect(page.get_by_role("heading", name="Edit draft version 2")).to_be_visible()


def test_draft_an_amendment_continues_the_open_draft(page: Page):
    lucia = make_user("marketing", "head", name="Lucía Fernández")
    david = make_user("sales", "head", name="David Okafor")
    first = draft(lucia)
    services.propose(first, lucia)
    services.sign(first, lucia, first.content_hash)
    services.sign(first, david, first.content_hash)
    services.draft_version(lucia, first)
    SignInPage(page).open().sign_in(david.email, PASSWORD)
    page.goto("/sla/")
    expect(page.get_by_role("button", name="Draft an amendment")).to_have_count(0)
    page.get_by_role("link", name="Continue draft version 2").click()
    expect(page.get_by_role("heading", name="Edit draft version 2")).to_be_visible()
    assert services.version_by_number(3) is None
