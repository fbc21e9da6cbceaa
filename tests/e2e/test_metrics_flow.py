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


def test_filtering_swaps_the_heading_month_links_and_figures_without_a_reload(
        page: Page, csp_violations):
    from workspace.months import month_name, requested_month

    head = make_user("marketing", "head", name="Lucía")
    sla_in_force(head, make_user("sales", "head"), at=clock.now() - timedelta(days=70))
    rep = make_user("sales", "member")
    this = requested_month(None)
    before = this.shifted(-1)
    lead = {"employees": 300, "marketing_budget_monthly": 5_000_000, "campaign": "Q4"}
    for when, company, source in ((clock.now(), "Globex", "webinar"),
                                  (before.start + timedelta(days=9), "Hooli", "ebook"),
                                  (before.start + timedelta(days=9), "Initech", "event")):
        clock.freeze(when)
        hand_over(head, {**lead, "company": company, "source": source,
                         "last_engaged_at": when}, assigned_to=rep)
    clock.freeze(None)
    SignInPage(page).open().sign_in(head.email, PASSWORD)
    page.goto(f"/metrics/?month={this.label}")
    heading = page.locator("#period-title")
    expect(heading).to_have_text(month_name(this.label, "en"))
    delivered = page.locator("#metrics-body .metric-value").first
    expect(delivered).to_contain_text("1")
    page.evaluate("window.notReloaded = true")

    page.locator("#metrics-filters").get_by_label("Month").fill(before.label)
    expect(heading).to_have_text(month_name(before.label, "en"))
    expect(page).to_have_url(re.compile(f"month={before.label}"))
    earlier = month_name(before.shifted(-1).label, "en", "short")
    expect(page.get_by_role("link", name=f"← {earlier}")).to_be_visible()
    expect(delivered).to_contain_text("2")
    expect(page.locator("#metrics-body")).to_contain_text("ebook")

    page.get_by_label("Source", exact=True).select_option("ebook")
    expect(page.locator("#period-slice")).to_have_text("Source: ebook")
    expect(delivered).to_contain_text("1")
    expect(heading).to_have_text(month_name(before.label, "en"))
    assert page.evaluate("window.notReloaded") is True
    assert csp_violations == []
