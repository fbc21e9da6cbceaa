"""From a meeting's decision to the document it changes, and back: the term and goal editors
opened from a decision, the SLA amendment drafted from one, "decided in" on each document's
page, the term's "where used", and a one-on-one's decisions kept to its attendees."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.factories import make_user
from tests.glossary_builders import make_term
from tests.goal_builders import make_goal
from tests.lead_builders import sla_in_force
from workspace import clock
from workspace.extensions import db
from workspace.meetings import services
from workspace.meetings.models import Decision
from workspace.sla.models import AgreementVersion

MONDAY = datetime(2026, 4, 13, 9, 0, tzinfo=UTC)


def meeting_of(organiser, people, kind="weekly_sync", title="Weekly sync"):
    return services.schedule_meeting(organiser, kind, title, MONDAY, MONDAY + timedelta(hours=1),
                                     [p.id for p in people])


def test_a_decision_about_a_term_opens_its_editor_and_the_term_shows_where_it_was_decided(
        app, client):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    term = make_term(lucia, "Qualified lead", "A lead sales agreed to call.")
    meeting = meeting_of(lucia, [david])
    decision = services.add_decision(meeting, david, "Count a demo request as qualified.",
                                     f"term:{term.id}")
    client.sign_in(david)
    panel = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f'id="decision-{decision.id}"' in panel and "Concerns:" in panel
    editor_url = f"/glossary/{term.slug}/edit?decision={decision.id}"
    assert editor_url in panel.replace("&amp;", "&")
    editor = client.get(editor_url).get_data(as_text=True)
    assert "You are amending this as decided in Weekly sync of Apr 13, 2026" in editor
    assert re.search(r'name="summary"[^>]*value="As decided in Weekly sync of Apr 13, 2026"',
                     editor)
    page = client.get(f"/glossary/{term.slug}").get_data(as_text=True)
    decided = page[page.index("Decided in meetings"):]
    assert "Count a demo request as qualified." in decided
    assert f"/meetings/{meeting.id}#decision-{decision.id}" in decided
    used = page[page.index("Where used"):page.index("Decided in meetings")]
    assert "Weekly sync" in used  # the meeting's decision mentions the term
    # An editor opened with a decision about something else says nothing of it.
    other = make_term(lucia, "Nurture", "Not ready to buy yet.")
    plain = client.get(f"/glossary/{other.slug}/edit?decision={decision.id}")
    assert "You are amending" not in plain.get_data(as_text=True)


def test_a_decision_about_the_sla_drafts_one_amendment_that_shows_where_it_was_decided(
        app, client):
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    in_force = sla_in_force(lucia, david, at=MONDAY - timedelta(days=20))
    clock.freeze(MONDAY)
    meeting = meeting_of(lucia, [david], kind="sla_review", title="SLA review")
    first = services.add_decision(meeting, lucia, "Raise the budget rule to 40,000.",
                                  f"sla:{in_force.id}")
    second = services.add_decision(meeting, david, "Call within two hours, not four.",
                                   f"sla:{in_force.id}")
    member = app.test_client()
    member.sign_in(make_user("sales", "member"))
    assert member.post_form(f"/meetings/decisions/{first.id}/amend-agreement").status_code == 403
    client.sign_in(david)
    panel = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Draft an amendment" in panel
    drafted = client.post_form(f"/meetings/decisions/{first.id}/amend-agreement")
    draft = db.session.scalar(select(AgreementVersion).where(AgreementVersion.status == "draft"))
    assert drafted.status_code == 303 and draft.amends_number == in_force.number
    assert drafted.headers["Location"].endswith(f"/sla/{draft.number}/edit?decision={first.id}")
    editor = client.get(f"/sla/{draft.number}/edit?decision={first.id}").get_data(as_text=True)
    assert "You are amending this as decided in SLA review of Apr 13, 2026" in editor
    joined = client.post_form(f"/meetings/decisions/{second.id}/amend-agreement")
    assert joined.status_code == 303  # the open draft, not a rival one
    assert db.session.scalar(select(AgreementVersion).where(
        AgreementVersion.status == "draft")).id == draft.id
    db.session.expire_all()
    assert {d.agreement_version_id for d in db.session.scalars(select(Decision))} == {draft.id}
    version_page = client.get(f"/sla/{draft.number}").get_data(as_text=True)
    assert "Raise the budget rule to 40,000." in version_page
    assert "Call within two hours, not four." in version_page
    panel = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f"/sla/{draft.number}/edit?decision={first.id}" in panel.replace("&amp;", "&")


def test_a_decision_about_a_goal_opens_its_editor(app, client):
    clock.freeze(datetime(2026, 4, 16, 9, 0, tzinfo=UTC))
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    goal = make_goal(lucia)
    meeting = meeting_of(lucia, [david])
    decision = services.add_decision(meeting, lucia, "Aim for 160.", f"goal:{goal.id}")
    client.sign_in(lucia)
    editor = client.get(f"/goals/{goal.id}/edit?decision={decision.id}").get_data(as_text=True)
    assert "You are amending this as decided in Weekly sync" in editor
    assert "Aim for 160." in client.get(f"/goals/{goal.id}").get_data(as_text=True)


def test_a_one_on_ones_decisions_stay_with_its_attendees(app, client):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    term = make_term(lucia, "Qualified lead", "A lead sales agreed to call.")
    private = meeting_of(lucia, [david], kind="one_on_one", title="Heads' one-on-one")
    decision = services.add_decision(private, david, "Settle the Qualified lead dispute.",
                                     f"term:{term.id}")
    client.sign_in(make_user("sales", "member"))
    page = client.get(f"/glossary/{term.slug}").get_data(as_text=True)
    assert "Settle the Qualified lead dispute." not in page
    assert "Heads&#39; one-on-one" not in page and "Heads' one-on-one" not in page
    editor = client.get(f"/glossary/{term.slug}/edit?decision={decision.id}")
    assert "You are amending" not in editor.get_data(as_text=True)
    assert client.get(f"/go/meeting/{private.id}").status_code == 404
    attendee = app.test_client()
    attendee.sign_in(lucia)
    seen = attendee.get(f"/glossary/{term.slug}").get_data(as_text=True)
    assert "Settle the Qualified lead dispute." in seen and "one-on-one" in seen
