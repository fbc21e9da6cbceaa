"""The meeting log in a browser: a head schedules a weekly series with both teams; two people
take notes at once and both lines survive; the agenda is reordered with the keyboard alone; an
action and a decision; closing carries the open action to the next meeting; an attendee marks
the notes reviewed."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.e2e.pages import tab_to
from tests.factories import make_user

HERS = "Lucía: the March pipeline is up 12%."
HIS = "David: two deals slipped to April."


def agenda(page: Page):
    return page.locator("#meeting-work ol.agenda > li strong")


def typed_items(page: Page):
    """The agenda items this test adds, in their order (a kind's template may come first)."""
    return agenda(page).filter(has_text=re.compile(r"^(Pipeline review|SLA check|Budget)$"))


def schedule_weekly_sync(page: Page, day: str):
    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Kind").select_option(label="Weekly sync")
    page.get_by_label("Title").fill("Marketing and sales weekly")
    page.get_by_label("Day").fill(day)
    page.get_by_label("Starts").fill("09:00")
    page.get_by_label("Ends").fill("10:00")
    page.get_by_label("Attendees").select_option(
        label=["David Okafor (Sales)", "Carlos Ruiz (Sales)", "Ana Torres (Marketing)"])
    page.get_by_label("Repeats weekly").check()
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Marketing and sales weekly")).to_be_visible()
    expect(page.get_by_text("Meeting scheduled; the attendees are notified.")).to_be_visible()


def test_a_weekly_sync_from_notes_to_review(signed_in):
    lucia = make_user("marketing", "head", name="Lucía Fernández")
    david = make_user("sales", "head", name="David Okafor")
    carlos = make_user("sales", "member", name="Carlos Ruiz")
    make_user("marketing", "member", name="Ana Torres")
    day = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
    host = signed_in(lucia)
    schedule_weekly_sync(host, day)
    meeting_url = host.url

    # Two people open the notes at once; each types a line and saves.
    sales = signed_in(david)
    sales.goto(meeting_url)
    for page in (host, sales):
        page.get_by_role("link", name="Take notes").click()
        expect(page.get_by_role("heading", name="Notes of Marketing and sales weekly")) \
            .to_be_visible()
    host.get_by_label("Notes").fill(HERS)
    sales.get_by_label("Notes").fill(HIS)
    host.get_by_role("button", name="Save the notes").click()
    expect(host.get_by_text("Notes saved.")).to_be_visible()
    expect(host.get_by_text(HERS)).to_be_visible()

    sales.get_by_role("button", name="Save the notes").click()
    conflict = sales.locator("#conflict")
    expect(conflict).to_contain_text("Lucía Fernández saved a new version while you were editing")
    expect(conflict).to_contain_text("Nothing of yours is lost.")
    expect(conflict.locator(".conflict-theirs")).to_contain_text(HERS)
    notes = conflict.get_by_label("Notes", exact=True)
    expect(notes).to_have_value(HIS)
    notes.fill(f"{HERS}\n{HIS}")
    conflict.get_by_role("button", name="Save merged version").click()
    # The meeting page, once: not nested inside the conflict view it replaces.
    expect(sales).to_have_url(meeting_url)
    expect(sales.get_by_text("Notes saved.")).to_be_visible()
    expect(sales.locator("header.topbar")).to_have_count(1)
    expect(sales.get_by_text(HERS)).to_be_visible()
    expect(sales.get_by_text(HIS)).to_be_visible()

    # Three agenda items, then one moved with the keyboard alone.
    host.goto(meeting_url)
    work = host.locator("#meeting-work")
    for text in ("Pipeline review", "SLA check", "Budget"):
        work.locator("#agenda-text").fill(text)  # the add form's (each item has an editor too)
        work.get_by_role("button", name="Add", exact=True).click()
        expect(agenda(host).last).to_have_text(text)
    expect(typed_items(host)).to_have_text(["Pipeline review", "SLA check", "Budget"])

    # After adding, the focus is on the panel's message; Tab goes on to the move controls.
    tab_to(host, "Move “Budget” up")
    host.keyboard.press("Enter")
    expect(typed_items(host)).to_have_text(["Pipeline review", "Budget", "SLA check"])
    expect(work.get_by_role("status")).to_have_text("Moved up.")
    # The focus stays with the moved item, so the keyboard goes on from there.
    expect(work.get_by_role("button", name="Move “Budget” up")).to_be_focused()
    host.keyboard.press("Tab")
    expect(work.get_by_role("button", name="Move “Budget” down")).to_be_focused()
    host.keyboard.press(" ")
    expect(typed_items(host)).to_have_text(["Pipeline review", "SLA check", "Budget"])
    expect(work.get_by_role("status")).to_have_text("Moved down.")
    # Last again, it has no "down" control: its "up" control has the focus.
    expect(work.get_by_role("button", name="Move “Budget” down")).to_have_count(0)
    expect(work.get_by_role("button", name="Move “Budget” up")).to_be_focused()

    # A decision and an action item.
    work.get_by_label("Decision").fill("Keep the sync on Mondays.")
    work.get_by_role("button", name="Record the decision").click()
    expect(work.get_by_role("status")).to_have_text("Decision recorded.")
    work.get_by_label("Action", exact=True).fill("Send the lost-deal list")
    work.get_by_label("Owner").select_option(label="David Okafor")
    work.get_by_role("button", name="Assign the action").click()
    expect(work.get_by_role("status")).to_have_text("Action assigned.")
    expect(work).to_contain_text("Keep the sync on Mondays.")
    expect(work).to_contain_text("Send the lost-deal list")

    # Closing: the heading and the notes follow without a reload.
    host.evaluate("window.notReloaded = true")
    work.get_by_role("button", name="Close the meeting").click()
    expect(work.get_by_role("status")).to_have_text("Meeting closed; the attendees are told.")
    expect(host.locator("#meeting-badges")).to_contain_text("Closed")
    expect(host.get_by_role("link", name="Correct the notes")).to_be_visible()
    assert host.evaluate("window.notReloaded") is True

    # The next meeting of the series carries the open action.
    work.get_by_role("link", name=re.compile("Next meeting")).click()
    expect(host.get_by_role("heading", level=1, name="Marketing and sales weekly")) \
        .to_be_visible()
    carried = host.locator("#meeting-work ol.agenda > li").filter(
        has_text="Send the lost-deal list")
    expect(carried).to_contain_text("Carried action item")
    expect(carried).to_contain_text("carried over from")

    # An attendee marks the notes reviewed; the meeting says who did.
    rep = signed_in(carlos)
    rep.goto(meeting_url)
    rep_work = rep.locator("#meeting-work")
    expect(rep_work).to_contain_text("Nobody has reviewed the notes yet.")
    rep_work.get_by_role("button", name="Mark the notes reviewed").click()
    expect(rep_work.get_by_role("status")).to_have_text("You reviewed these notes.")
    expect(rep_work).to_contain_text("Reviewed by Carlos Ruiz")
    expect(rep_work.get_by_role("button", name="Mark the notes reviewed")).to_have_count(0)
