"""Joint goals in a browser: a head sets a live goal and asks sales for help; the rep takes it
on from home; both heads approve the plan; a new target reopens it."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.factories import make_user
from workspace import clock
from workspace.goals.periods import period_of


def test_a_goal_its_ask_of_sales_and_the_plan_both_heads_approve(signed_in):
    clock.freeze(None)
    period = period_of(datetime.now(UTC).date())
    lucia = make_user("marketing", "head", name="Lucía Fernández")
    david = make_user("sales", "head", name="David Okafor")
    carlos = make_user("sales", "member", name="Carlos Ruiz")
    marketing = signed_in(lucia)

    marketing.get_by_role("link", name="Goals").click()
    expect(marketing.get_by_text(f"No goals for {period.label} yet.")).to_be_visible()
    marketing.get_by_role("link", name="Set the first goal").click()
    marketing.get_by_label("Goal", exact=True).fill("Better MQLs")
    marketing.get_by_label("Measured by").select_option("mql_to_sql")
    marketing.get_by_label("Baseline").fill("30")
    marketing.get_by_label("Target", exact=True).fill("40")
    # The achievability check answers while the head types (debounced htmx).
    expect(marketing.locator("#achievable")).to_contain_text("+10 points in one quarter")
    last_day = (period.end - timedelta(days=1)).isoformat()
    marketing.get_by_label("Deadline").fill(last_day)
    marketing.get_by_label("How can the other team help?").fill("Call every MQL within the hour.")
    marketing.get_by_role("button", name="Set the goal").click()
    expect(marketing.get_by_role("heading", name="Better MQLs")).to_be_visible()

    work = marketing.locator("#goal-work")
    work.get_by_label("What you ask of them").fill("Call every MQL within the hour")
    work.get_by_label("Who owns it").select_option(label="Carlos Ruiz")
    work.get_by_label("Due").fill(last_day)
    work.get_by_role("button", name="Ask", exact=True).click()
    expect(work.get_by_role("status")).to_contain_text("Carlos Ruiz will be notified")
    expect(work).to_contain_text("Asked")

    rep = signed_in(carlos)
    expect(rep.get_by_role("heading", name=re.compile("Your commitments to the other team"))) \
        .to_be_visible()
    rep.get_by_role("link", name="Call every MQL within the hour").click()
    rep_work = rep.locator("#goal-work")
    rep_work.get_by_role("button", name="Accept").click()
    expect(rep_work.get_by_role("status")).to_contain_text("Accepted.")
    rep_work.get_by_role("button", name="Mark done").click()
    expect(rep_work).to_contain_text("Done")

    marketing.goto(f"/goals/?period={period.label}")
    marketing.get_by_role("button", name="Approve the plan for Marketing").click()
    expect(marketing.locator("#plan")).to_contain_text("Approved by Lucía Fernández")
    sales = signed_in(david)
    sales.goto(f"/goals/?period={period.label}")
    sales.get_by_role("button", name="Approve the plan for Sales").click()
    expect(sales.locator("#plan")).to_contain_text("Agreed by both teams")

    marketing.get_by_role("link", name="Better MQLs").click()
    marketing.get_by_role("link", name="Edit", exact=True).click()
    expect(marketing.get_by_role("heading", name="Edit Better MQLs")).to_be_visible()
    marketing.get_by_label("Target", exact=True).fill("45")
    marketing.get_by_role("button", name="Save").click()
    expect(marketing).to_have_url(re.compile(r"/goals/\d+$"))  # saved: back on the goal
    marketing.goto(f"/goals/?period={period.label}")
    plan = marketing.locator("#plan")
    expect(plan).to_contain_text("Needs re-approval")
    expect(plan).to_contain_text("Better MQLs: target 40 → 45")
