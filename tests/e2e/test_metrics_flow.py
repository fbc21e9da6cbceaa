"""Metrics in a browser: a filter updates the page and the address; the CSV downloads."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.e2e.pages import SignInPage
from tests.factories import PASSWORD, make_user
from tests.lead_builders import sla_in_force
from workspace import clock
from workspace.leads.services import hand_over


def test_filter_by_campaign_then_download(page: Page, csp_violations):
    head = make_user("marketing", "head", name="Lucía")
    sla_in_force(head, make_user("sales", "head"), at=clock.now() - timedelta(days=40))
    rep = make_user("sales", "member")
    for campaign, company in (("Q4 webinars", "Globex"), ("Pricing ebook", "Hooli")):
        hand_over(head, {"company": company, "employees": 300, "source": "webinar",
                         "campaign": campaign, "marketing_budget_monthly": 5_000_000,
                         "last_engaged_at": clock.now()}, assigned_to=rep)
    SignInPage(page).open().sign_in(head.email, PASSWORD)
    page.get_by_role("link", name="Metrics").click()
    body = page.locator("#metrics-body")
    expect(body).to_contain_text("Pricing ebook")
    page.evaluate("window.notReloaded = true")

    page.get_by_label("Campaign").select_option("Q4 webinars")
    expect(page).to_have_url(re.compile(r"campaign=Q4\+webinars"))
    expect(body.get_by_role("table").filter(has_text="Revenue won").first).not_to_contain_text(
        "Pricing ebook")
    assert page.evaluate("window.notReloaded") is True

    with page.expect_download() as download:
        page.locator("#metrics-body").get_by_role("link", name="Download CSV").nth(2).click()
    assert download.value.suggested_filename.startswith("sources-")
    assert csp_violations == []
