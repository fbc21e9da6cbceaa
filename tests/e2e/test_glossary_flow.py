"""The glossary in a browser: the two-key agreement, and two people editing one term."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.pages import SignInPage, sign_out
from tests.factories import PASSWORD, make_user
from tests.glossary_builders import make_term


def approve(page: Page, slug: str, team: str):
    page.goto(f"/glossary/{slug}")
    page.get_by_role("button", name=re.compile(f"Approve revision .* for {team}")).click()


def test_marketer_proposes_sql_both_heads_approve_an_edit_reopens_it(page: Page,
                                                                      csp_violations):
    marketer = make_user("marketing", "member", name="Marta Gil")
    marketing_head = make_user("marketing", "head", name="Lucía Fernández")
    sales_head = make_user("sales", "head", name="David Okafor")

    SignInPage(page).open().sign_in(marketer.email, PASSWORD)
    page.get_by_role("link", name="Glossary").click()
    page.get_by_role("link", name="New term").click()
    expect(page.get_by_role("heading", name="New term")).to_be_visible()
    page.get_by_label("Name").fill("SQL")
    page.get_by_label("Definition").fill("A lead **sales** accepted after the first call.")
    page.get_by_label("Owner team").select_option("sales")
    page.get_by_role("button", name="Propose term").click()
    expect(page.get_by_role("heading", name="SQL", exact=True)).to_be_visible()
    expect(page.locator(".term-badges")).to_contain_text("Proposed")
    sign_out(page)

    SignInPage(page).open().sign_in(sales_head.email, PASSWORD)
    approve(page, "sql", "Sales")
    panel = page.locator("#approval")
    expect(panel).to_contain_text("Approved by David Okafor")
    expect(panel).to_contain_text("Waiting for approval")
    sign_out(page)

    SignInPage(page).open().sign_in(marketing_head.email, PASSWORD)
    approve(page, "sql", "Marketing")
    expect(page.locator("#approval")).to_contain_text("Agreed by both teams on revision 1")
    expect(page.locator(".term-badges")).to_contain_text("Agreed")  # the heading too, no reload
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", name="Edit SQL")).to_be_visible()
    page.get_by_label("Definition").fill("A lead sales accepted after the first qualifying call.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".term-badges")).to_contain_text("Needs re-approval")
    changed = page.locator(".since-approval")
    expect(changed.locator("ins")).to_contain_text("qualifying")
    sign_out(page)

    SignInPage(page).open().sign_in(sales_head.email, PASSWORD)
    page.goto("/glossary/sql")
    expect(page.locator(".since-approval ins")).to_contain_text("qualifying")
    assert csp_violations == []


def test_two_people_edit_one_term_presence_change_notice_and_conflict(signed_in):
    ana = make_user("marketing", "member", name="Ana Torres")
    bo = make_user("sales", "member", name="Bo Lindqvist")
    make_term(ana, "MQL", "A company with more than 100 employees.")
    ana_page, bo_page = signed_in(ana), signed_in(bo)
    for page in (ana_page, bo_page):
        page.goto("/glossary/mql/edit")

    expect(bo_page.locator("#presence")).to_contain_text("Ana Torres is editing since",
                                                         timeout=15000)
    ana_page.get_by_label("Definition").fill("A company with more than 150 employees.")
    ana_page.get_by_role("button", name="Save").click()
    expect(ana_page.locator(".term-badges")).to_be_visible()
    expect(bo_page.locator("#presence")).to_contain_text("Changed by Ana Torres",
                                                         timeout=15000)

    bo_page.get_by_label("Aliases").fill("Marketing qualified lead")
    bo_page.get_by_label("Definition").fill("A company with more than 200 employees.")
    bo_page.get_by_role("button", name="Save").click()
    conflict = bo_page.locator("#conflict")
    expect(conflict).to_contain_text("Ana Torres saved a new version while you were editing")
    expect(conflict.get_by_label("Aliases")).to_have_value("Marketing qualified lead")
    conflict.get_by_label("Use theirs").check()
    conflict.get_by_role("button", name="Save merged version").click()

    expect(bo_page.locator(".term-badges")).to_contain_text("Revision 3")
    bo_page.goto("/glossary/mql/history")
    rows = bo_page.locator("table.history tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Bo Lindqvist")
    expect(rows.nth(1)).to_contain_text("Ana Torres")
    bo_page.goto("/glossary/mql")
    expect(bo_page.get_by_text("more than 150 employees")).to_be_visible()
    expect(bo_page.get_by_text("Also called: Marketing qualified lead")).to_be_visible()


def test_search_as_you_type_and_without_javascript(page: Page, browser: Browser, base_url):
    user = make_user()
    make_term(user, "Calificación de leads", "Cómo puntuamos un lead.")
    make_term(user, "CAC", "Customer acquisition cost.", owner_team="sales")
    SignInPage(page).open().sign_in(user.email, PASSWORD)
    page.goto("/glossary/")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Search", exact=True).press_sequentially("calificacion")
    results = page.locator("#results")
    expect(results).to_contain_text("1 term")
    expect(results.get_by_role("link", name="Calificación de leads")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/glossary/\?q=calificacion"))
    assert page.evaluate("window.notReloaded") is True

    plain = browser.new_context(base_url=base_url, java_script_enabled=False).new_page()
    SignInPage(plain).open().sign_in(user.email, PASSWORD)
    plain.goto("/glossary/")
    plain.get_by_label("Owner team").select_option("sales")
    plain.get_by_role("button", name="Search").click()
    expect(plain.locator("#results")).to_contain_text("CAC")
    expect(plain.locator("#results")).not_to_contain_text("Calificación")


def open_without_reload(page: Page, path: str):
    page.goto(path)
    page.evaluate("window.notReloaded = true")


def test_approving_resolves_the_request_and_the_heading_follows(signed_in):
    marketer = make_user("marketing", "member", name="Marta Gil")
    marketing_head = make_user("marketing", "head", name="Lucía Fernández")
    sales_head = make_user("sales", "head", name="David Okafor")
    make_term(marketer, "SQL", "A lead sales accepted.")
    pages = []
    for head in (sales_head, marketing_head):
        page = signed_in(head)
        open_without_reload(page, "/glossary/sql")
        expect(page.locator(".bell-count")).to_contain_text("1")  # asked to approve
        pages.append(page)
    sales, marketing = pages

    sales.get_by_role("button", name=re.compile("Approve revision 1 for Sales")).click()
    expect(sales.locator("#approval")).to_contain_text("Approved by David Okafor")
    expect(sales.locator(".bell-count")).to_have_count(0)
    expect(sales.locator(".term-badges")).to_contain_text("Proposed")

    marketing.get_by_role("button", name=re.compile("Approve revision 1 for Marketing")).click()
    expect(marketing.locator("#approval")).to_contain_text("Agreed by both teams")
    expect(marketing.locator(".term-badges")).to_contain_text("Agreed")
    expect(marketing.locator(".bell-count")).to_have_count(0)
    for page in pages:
        assert page.evaluate("window.notReloaded") is True
    marketing.get_by_role("link", name="Notifications").click()
    expect(marketing.get_by_text("Marta Gil asks for your approval of SQL")).to_be_visible()
    expect(marketing.locator("#notifications")).to_contain_text("Done")


def test_asking_for_changes_shows_the_request_in_the_thread(page: Page, csp_violations):
    sales_head = make_user("sales", "head", name="David Okafor")
    make_term(make_user(), "SQL", "A lead sales accepted.")
    SignInPage(page).open().sign_in(sales_head.email, PASSWORD)
    open_without_reload(page, "/glossary/sql")
    page.get_by_text("Ask for changes…").click()
    page.get_by_label("What should change?").fill("Say which call counts as the first.")
    page.get_by_role("button", name="Send request").click()

    expect(page.locator("#approval")).to_contain_text("David Okafor asked for changes")
    expect(page.get_by_role("status").filter(has_text="Request for changes sent.")) \
        .to_be_focused()  # the keyboard lands on what happened
    expect(page.locator("#comments")).to_contain_text(
        "Changes requested: Say which call counts as the first.")
    expect(page.locator(".term-badges")).to_contain_text("Proposed")
    assert page.evaluate("window.notReloaded") is True
    assert csp_violations == []


def test_deprecating_and_reinstating_in_place(page: Page, csp_violations):
    head = make_user("marketing", "head", name="Lucía Fernández")
    make_term(head, "Lead", "Anyone who showed interest.")
    make_term(head, "Smarketing", "Sales and marketing aligned.")
    SignInPage(page).open().sign_in(head.email, PASSWORD)
    open_without_reload(page, "/glossary/smarketing")
    panel = page.locator("#approval")
    panel.get_by_role("link", name="Deprecate this term…").click()
    expect(panel).to_contain_text("Deprecate “Smarketing”?")
    panel.get_by_label("Replaced by").select_option(label="Lead")
    panel.get_by_role("button", name="Deprecate").click()

    expect(panel).to_contain_text("Deprecated terms are not approved.")
    expect(page.locator(".term-badges")).to_contain_text("Deprecated")
    notice = page.locator("#term-deprecation")
    expect(notice).to_contain_text("This term is deprecated.")
    expect(notice.get_by_role("link", name="Lead")).to_be_visible()
    expect(page.get_by_role("link", name="Deprecate this term…")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/glossary/smarketing$"))

    notice.get_by_role("button", name="Reinstate this term").click()
    expect(page.locator(".term-badges")).to_contain_text("Proposed")
    expect(page.locator("#term-deprecation")).not_to_contain_text("deprecated")
    expect(panel).to_contain_text("needs a marketing head and a sales head")
    assert page.evaluate("window.notReloaded") is True
    assert csp_violations == []
