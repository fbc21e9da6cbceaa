"""Whole pages kept for their reader (workspace.kept_pages): the same page as one drawn afresh,
each reader's own, with this session's CSRF token in its forms, until a write or the clock."""

import re
from html import unescape

import pytest
from flask import current_app
from sqlalchemy import event

from tests.conftest import _signed_in
from tests.factories import make_user
from tests.test_sla_tamper import heads, signed  # noqa: F401  (fixtures)
from workspace.extensions import db

TOKEN = re.compile(r'(name="csrf_token" value=|"X-CSRFToken": )"[^"]+"')


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def same_tokens(html: str) -> str:
    """The page with its CSRF tokens blanked: each request signs its own."""
    return TOKEN.sub(r'\1""', html)


def drawn_again(client, url: str) -> str:
    """The page as it reads with nothing kept: what a kept one must equal."""
    current_app.extensions.pop("kept_regions", None)
    return page(client, url)


def counted(client, url: str) -> int:
    statements = []

    def count(*_):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page(client, url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def tokens(html: str) -> set[str]:
    return {match.group(0).split('"')[-2] for match in TOKEN.finditer(html)}


def assert_kept_for(client, url: str, layout: int = 3) -> str:
    """Opened twice, the second time from memory: the layout's reads alone (the reader, the
    data version, the unread count; a rep's deadline notices too); and the same page, tokens
    aside, as one drawn with nothing kept."""
    first = page(client, url)
    assert counted(client, url) <= layout
    kept = page(client, url)
    assert len(tokens(kept)) == 1  # the layout's and the forms' token: this request's own
    assert same_tokens(kept) == same_tokens(first) == same_tokens(drawn_again(client, url))
    return kept


@pytest.fixture
def term(admin):
    from workspace.glossary import services

    return services.create_term(admin, services.term_fields(
        "Lead", "", "Anyone who showed interest.", "", "marketing", ""))


def test_a_term_page_is_kept_until_the_term_changes(app, term):
    from workspace.glossary import services

    head = make_user("marketing", "head")
    reader = _signed_in(app, head)
    shown = assert_kept_for(reader, "/glossary/lead")
    assert "Anyone who showed interest." in shown
    services.decide(term, head, approved=True)
    after = assert_kept_for(reader, "/glossary/lead")
    assert after != shown and "Approved by" in after


def test_a_kept_term_page_posts_with_each_session_s_own_token(app, term):
    head = make_user("sales", "head")
    first, second = _signed_in(app, head), _signed_in(app, head)  # one person, two browsers
    page(first, "/glossary/lead")
    shown = page(second, "/glossary/lead")  # from memory, drawn for the first session
    assert counted(second, "/glossary/lead") <= 3
    [token] = tokens(shown)
    response = second.post("/glossary/lead/approve",
                           data={"csrf_token": token, "decision": "approve", "revision": "1"})
    assert response.status_code == 303
    shown = page(second, "/glossary/lead")
    assert '<p class="flash flash-success">Approved.</p>' in shown  # in the live layout
    assert "Approve revision 1" not in shown


def test_each_reader_gets_their_own_term_page(app, term):
    english_head = _signed_in(app, make_user("marketing", "head"))
    spanish_head = _signed_in(app, make_user("marketing", "head", locale="es"))
    member = _signed_in(app, make_user("marketing", "member"))
    assert "Approve" in page(english_head, "/glossary/lead")
    assert "Approve" not in page(member, "/glossary/lead")
    shown = page(spanish_head, "/glossary/lead")
    assert "Definición" in shown and "Definition" not in shown


def test_a_page_whose_template_does_not_extend_the_kept_layout_is_refused(app, admin):
    from workspace.kept import NEVER
    from workspace.kept_pages import kept_page

    with app.test_request_context("/"):
        from flask_login import login_user

        login_user(admin)
        with pytest.raises(RuntimeError, match="must extend layout"):
            kept_page("errors/error.html", lambda now: ({"status": 404, "message": ""}, NEVER))


def test_the_agreement_changed_behind_the_app_s_back_shows_at_the_next_request(
        app, heads, signed):  # noqa: F811
    """Another program's connection, which the app's watch never sees: the database's own
    triggers (workspace.sla.noticed) still end every kept page that shows the agreement."""
    from sqlalchemy import create_engine, text

    from workspace.sla.guard import CREATE, DROP

    reader = _signed_in(app, heads[1])
    for url in ("/sla/", "/sla/1"):
        assert "Tampering detected" not in page(reader, url)
        assert counted(reader, url) <= 3  # kept
    outsider = create_engine(db.engine.url)
    dialect = outsider.dialect.name
    with outsider.begin() as connection:
        for statement in [*DROP[dialect], "UPDATE agreement_versions SET min_attempts = 1",
                          *CREATE[dialect]]:
            connection.execute(text(statement))
    outsider.dispose()
    assert "Tampering detected in the SLA" in page(reader, "/sla/")
    assert "Tampering detected." in page(reader, "/sla/1")


def test_signing_asks_for_the_password_again_once_the_sign_in_is_no_longer_fresh(
        app, heads):  # noqa: F811
    from datetime import timedelta

    from workspace import clock
    from workspace.sla import services
    from workspace.sla.rules import clean_rule

    marketing, sales = heads
    version = services.draft_version(marketing)
    services.edit_draft(version, {"text": "We agree.", "review_on": "2027-02-15",
                                  "mql_rules": [clean_rule("employees", ">=", "100")]},
                        version.current_revision, marketing)
    services.propose(version, marketing)
    reader = _signed_in(app, sales)  # signed in with the password just now
    assert 'name="password"' not in page(reader, "/sla/1")
    assert counted(reader, "/sla/1") <= 3
    clock.freeze(clock.now() + timedelta(minutes=16))
    assert 'name="password"' in page(reader, "/sla/1")


def test_a_goal_page_is_kept_until_a_check_in_or_two_weeks_unseen_at_their_hour(app):
    """Two weeks unseen falls at the hour it was last seen, not at a day's start: the goal's
    page and the board both show it then, with no write."""
    from datetime import UTC, datetime, timedelta

    from tests.goal_builders import PERIOD, make_goal
    from workspace import clock
    from workspace.goals import services

    created = datetime(2026, 4, 16, 9, 0, tzinfo=UTC)
    clock.freeze(created)
    head = make_user("marketing", "head")
    goal = make_goal(head)
    reader = _signed_in(app, head)
    url, board = f"/goals/{goal.id}", f"/goals/?period={PERIOD}"
    shown = assert_kept_for(reader, url)
    assert "No check-in yet" in shown
    services.check_in(goal, head, 4, value=120.0)
    assert "Confidence 4/5" in assert_kept_for(reader, url)
    clock.freeze(created + timedelta(days=14, hours=-1))  # the day it falls, before its hour
    reader = _signed_in(app, head)  # sessions lapse; signing in again writes no goal
    assert "Needs discussion" not in assert_kept_for(reader, url)
    assert "Needs discussion" not in page(reader, board)
    clock.freeze(created + timedelta(days=14, hours=1))  # the same day, after it
    assert "Needs discussion" in page(reader, url)
    assert "Needs discussion" in page(reader, board)


def test_a_meeting_page_is_kept_for_its_reader_and_its_agenda_follows_the_clock(app, admin):
    """A one-on-one stays its attendees'; a weekly sync's agenda takes in a goal at the hour
    it comes to need discussion, with no write."""
    from datetime import UTC, datetime, timedelta

    from tests.goal_builders import make_goal
    from workspace import clock
    from workspace.meetings import services

    created = datetime(2026, 4, 16, 9, 0, tzinfo=UTC)
    clock.freeze(created)
    both_heads = make_user("marketing", "head"), make_user("sales", "head")
    monday = datetime(2026, 5, 4, 9, tzinfo=UTC)
    private = services.schedule_meeting(both_heads[0], "one_on_one", "Heads only", monday,
                                        monday + timedelta(hours=1), [both_heads[1].id])
    sync = services.schedule_meeting(both_heads[0], "weekly_sync", "Pipeline sync", monday,
                                     monday + timedelta(hours=1), [both_heads[1].id])
    goal = make_goal(both_heads[0], title="Lift the MQL rate")
    head = _signed_in(app, both_heads[1])
    assert "Heads only" in assert_kept_for(head, f"/meetings/{private.id}")
    rep = _signed_in(app, make_user("sales", "member"))
    assert rep.get(f"/meetings/{private.id}").status_code == 404  # never the head's copy
    on_agenda = f"<strong>{goal.title}</strong>"
    clock.freeze(created + timedelta(days=14, hours=-1))  # the day it falls, before its hour
    head = _signed_in(app, both_heads[1])
    assert on_agenda not in assert_kept_for(head, f"/meetings/{sync.id}")
    clock.freeze(created + timedelta(days=14, hours=1))  # the same day, after it
    assert on_agenda in page(head, f"/meetings/{sync.id}")
    assert on_agenda in assert_kept_for(head, f"/meetings/{sync.id}")


def test_a_rep_s_inbox_is_kept_until_a_shown_lead_s_deadline_passes(app):
    from datetime import UTC, datetime, timedelta

    from tests.test_metrics_scorecard import lead
    from workspace import clock

    handed = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    clock.freeze(handed + timedelta(minutes=30))
    rep = make_user("sales", "member")
    lead(rep, handed=handed, status="new", attempts=0)  # first contact due at 10:00
    inbox = _signed_in(app, rep)
    assert "overdue since" not in assert_kept_for(inbox, "/leads/", layout=4)
    clock.freeze(handed + timedelta(minutes=61))  # the same day, past its deadline
    assert "overdue since" in assert_kept_for(inbox, "/leads/", layout=4)
    other = make_user("sales", "member")
    lead(other, handed=handed, status="new", attempts=0)
    assert "overdue since" in assert_kept_for(_signed_in(app, other), "/leads/", layout=4)
    assert "overdue since" not in page(_signed_in(app, make_user("sales", "member")), "/leads/")


def test_home_is_kept_until_a_card_reads_otherwise_at_its_own_hour(app):
    """Days since the last joint meeting count from the hour it began; the next one beginning
    replaces it; a goal comes to need discussion at its hour: no write, no day's start."""
    from datetime import UTC, datetime, timedelta

    from tests.goal_builders import make_goal
    from workspace import clock
    from workspace.meetings import services

    began, monday = datetime(2026, 3, 2, 9, 0, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC)
    clock.freeze(datetime(2026, 2, 23, 10, 30, tzinfo=UTC))  # two weeks before 10:30 Monday
    both_heads = make_user("marketing", "head"), make_user("sales", "head")
    make_goal(both_heads[0], title="Lift the MQL rate")
    for title, start in (("Pipeline sync", began), ("Next sync", monday + timedelta(hours=11))):
        services.schedule_meeting(both_heads[0], "weekly_sync", title, start,
                                  start + timedelta(hours=1), [both_heads[1].id])
    clock.freeze(monday + timedelta(hours=8))
    head = _signed_in(app, both_heads[0])
    shown = assert_kept_for(head, "/")
    assert "Last joint meeting 6 days ago" in shown and "Your goals need discussion" not in shown
    clock.freeze(monday + timedelta(hours=10))
    shown = assert_kept_for(head, "/")
    assert "Last joint meeting 7 days ago" in shown and "Your goals need discussion" not in shown
    clock.freeze(monday + timedelta(hours=10, minutes=45))
    assert "Your goals need discussion" in assert_kept_for(head, "/")
    clock.freeze(monday + timedelta(hours=11, minutes=1))  # the next one has begun
    shown = assert_kept_for(head, "/")
    assert "Last joint meeting 0 days ago" in shown and "Next sync" in shown


def test_the_goals_page_is_kept_until_a_head_approves_the_plan(app):
    from tests.goal_builders import PERIOD, make_goal
    from workspace.goals import services

    head = make_user("marketing", "head")
    make_goal(head)
    reader = _signed_in(app, make_user("sales", "head"))
    url = f"/goals/?period={PERIOD}"
    assert "Approval waiting" in assert_kept_for(reader, url)
    services.approve_plan(PERIOD, head)
    shown = assert_kept_for(reader, url)
    assert f"Approved by {head.name}" in shown


def test_the_sign_in_page_is_kept_per_language_and_signs_in_with_its_own_token(app, admin):
    from tests.factories import PASSWORD
    from workspace.admin.services import update_workspace

    first, second = app.test_client(), app.test_client()
    page(first, "/login")
    shown = page(second, "/login")  # from memory, drawn for the first visitor
    assert counted(second, "/login") <= 1  # the data version alone: the workspace's name too
    [token] = tokens(shown)
    response = second.post("/login", data={"csrf_token": token, "email": admin.email,
                                           "password": PASSWORD})
    assert response.status_code == 303
    first.post("/language", data={"csrf_token": tokens(page(first, "/login")).pop(),
                                  "locale": "es"})
    assert "Iniciar sesión" in page(first, "/login") and "Iniciar sesión" not in page(
        app.test_client(), "/login")
    update_workspace("Acme", "USD", "UTC")
    assert "Acme" in page(app.test_client(), "/login")
