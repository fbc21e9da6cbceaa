"""A rep works the inbox; the marketer sees the feedback and replies; the rep hears of it."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from tests.factories import make_user
from tests.lead_builders import sla_in_force
from workspace import clock
from workspace.leads.services import hand_over, log_attempt


def test_rep_logs_rates_marketer_replies_rep_is_notified(signed_in):
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"),
                 at=clock.now() - timedelta(days=3))
    marketer = make_user("marketing", "member", name="Marta Gil")
    rep = make_user("sales", "member", name="Carlos Ruiz")
    hand_over(marketer, {"company": "Globex Iberia", "employees": 300, "source": "webinar",
                         "campaign": "Q4 webinars", "marketing_budget_monthly": 5_000_000,
                         "last_engaged_at": clock.now() - timedelta(days=2)}, assigned_to=rep)

    rep_page = signed_in(rep)
    rep_page.get_by_role("link", name="Leads", exact=True).click()
    expect(rep_page.get_by_role("heading", name="Leads", exact=True, level=1)).to_be_visible()
    rep_page.get_by_role("link", name="Globex Iberia").click()
    work = rep_page.locator("#work")
    work.get_by_label("Outcome").select_option("connected")
    work.get_by_label("Note").fill("Interested in the annual plan")
    work.get_by_role("button", name="Log attempt").click()
    expect(work).to_contain_text("Interested in the annual plan")
    # Without a reload, the heading and the SLA clock show the attempt too.
    heading = rep_page.get_by_role("heading", name=re.compile("Globex Iberia"))
    expect(heading).to_contain_text("Working")
    clock_card = rep_page.locator("#lead-clock")
    expect(clock_card).to_contain_text("1 of at least")
    expect(clock_card).to_contain_text("✓")  # the first contact, within its deadline
    work.get_by_label("4").check()
    work.get_by_label("Verdict").select_option("accepted")
    work.get_by_label("Reason").select_option("fits")
    work.get_by_label("Comment").fill("Budget confirmed, demo booked")
    work.get_by_role("button", name="Save rating").click()
    expect(rep_page.locator("#work")).to_contain_text("Accepted as SQL")
    expect(rep_page.get_by_role("heading", name=re.compile("Globex Iberia"))).to_contain_text(
        "SQL")
    work.get_by_label("Deal value").fill("12000")
    work.get_by_role("button", name="Close", exact=True).click()
    expect(work.get_by_role("status")).to_contain_text("Deal closed.")
    expect(heading).to_contain_text("Won")  # the heading follows the close, no reload

    marketer_page = signed_in(marketer)
    marketer_page.goto("/leads/feedback")
    expect(marketer_page.get_by_role("link", name="webinar")).to_be_visible()
    expect(marketer_page.locator("table.table-stack")).to_contain_text("100%")  # not a chart's
    marketer_page.get_by_role("link", name="webinar").click()
    expect(marketer_page).to_have_url(re.compile(r"source=webinar"))
    marketer_page.get_by_role("link", name="Globex Iberia").click()
    expect(marketer_page.get_by_role("heading", name=re.compile("Globex Iberia"))).to_be_visible()
    marketer_page.get_by_label("Comment", exact=True).fill("Great, thanks for the quick call!")
    marketer_page.get_by_role("button", name="Post comment").click()
    expect(marketer_page.locator("#comments")).to_contain_text("quick call")

    rep_page.goto("/notifications")
    expect(rep_page.get_by_text("Marta Gil commented on Globex Iberia")).to_be_visible()


def test_a_near_deadline_counts_down_live(signed_in):
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"),
                 at=clock.now() - timedelta(days=3))
    rep = make_user("sales", "member", name="Carlos Ruiz")
    lead = hand_over(make_user("marketing", "member"), {
        "company": "Soon Co", "employees": 300, "source": "webinar",
        "marketing_budget_monthly": 5_000_000, "last_engaged_at": clock.now()},
        assigned_to=rep, handed_over_at=clock.now() - timedelta(minutes=50))
    page = signed_in(rep)
    page.goto(f"/leads/{lead.id}")
    expect(page.locator("[data-countdown]").first).to_have_text(re.compile(r"due in 1\d min"))


def test_a_rep_rates_a_lead_with_the_keyboard_alone(signed_in):
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"),
                 at=clock.now() - timedelta(days=3))
    rep = make_user("sales", "member", name="Carlos Ruiz")
    lead = hand_over(make_user("marketing", "member"), {
        "company": "Keys Ltd", "employees": 300, "source": "webinar",
        "marketing_budget_monthly": 5_000_000, "last_engaged_at": clock.now()}, assigned_to=rep)
    log_attempt(lead, rep, "call", "connected")
    page = signed_in(rep)
    page.goto(f"/leads/{lead.id}")
    page.get_by_role("button", name="Log attempt").focus()
    page.keyboard.press("Tab")  # the first star
    expect(page.get_by_role("radio", name="1")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # a radio group: the arrows choose
    expect(page.get_by_role("radio", name="4")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Verdict")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Verdict")).to_have_value("accepted")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Reason")).to_have_value("fits")
    page.keyboard.press("Tab")
    page.keyboard.type("Ready to buy")
    page.keyboard.press("Tab")  # past the box that only disqualifying below the minimum needs
    expect(page.get_by_role("checkbox", name=re.compile("Disqualify even though"))).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save rating")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Rating saved.")).to_be_focused()
    expect(page.locator("#work")).to_contain_text("Ready to buy")
