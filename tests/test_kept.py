"""Regions kept between requests (workspace.kept) are never served stale: every write they
depend on raises the data version in its own transaction, and what the clock changes ends
their span."""

from datetime import UTC, datetime, timedelta
from html import unescape

from flask import current_app
from sqlalchemy import event, update

from tests.factories import make_user
from tests.test_metrics_scorecard import lead
from workspace import clock, data_version
from workspace.extensions import db
from workspace.leads.models import Lead
from workspace.metrics.period import Period
from workspace.metrics.queries import next_change
from workspace.months import Month
from workspace.presence.models import Presence

MARCH = Month.of(2026, 3, "UTC")
T = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
PAGE = "/metrics/?month=2026-03"


PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}


def page(client, url: str = PAGE, headers: dict | None = None) -> str:
    response = client.get(url, headers=headers or {})
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def counted(client, url: str = PAGE, headers: dict | None = None) -> int:
    statements = []

    def count(*_):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page(client, url, headers)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_a_commit_that_writes_raises_the_version_once_and_a_rollback_does_not():
    before = data_version.current()
    rep = make_user("sales", "member")
    after_user = data_version.current()
    assert after_user[0] == before[0] and after_user[1] == before[1] + 1
    lead(rep)  # one commit: the lead and its monthly sums
    assert data_version.current()[1] == before[1] + 2
    db.session.execute(update(Lead).values(company="Y"))  # a bulk statement, rolled back
    db.session.rollback()
    db.session.commit()  # nothing written since: the rolled-back write is forgotten
    assert data_version.current()[1] == before[1] + 2
    db.session.execute(update(Lead).values(company="Z"))  # the same, committed
    db.session.commit()
    assert data_version.current()[1] == before[1] + 3


def test_writes_outside_the_session_raise_it_too():
    """engine.begin(), text and driver SQL: every commit that writes, whoever commits."""
    from sqlalchemy import text

    rep = make_user("sales", "member")
    lead(rep)
    start = data_version.current()[1]
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE leads SET company = 'T'"))
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE leads SET company = 'D'")
    with db.engine.begin() as connection:
        connection.execute(update(Lead).values(company="C"))
    with db.engine.begin() as connection:
        connection.execute(text("SELECT count(*) FROM leads"))  # reads only
    db.session.commit()
    assert data_version.current()[1] == start + 3


def test_a_savepoint_s_writes_raise_it_when_the_transaction_commits():
    rep = make_user("sales", "member")
    start = data_version.current()[1]
    with db.session.begin_nested():
        lead_row = Lead(company="S", handed_over_at=T, assigned_to_id=rep.id, reasons=[])
        db.session.add(lead_row)
    db.session.commit()
    assert data_version.current()[1] == start + 1


def test_writes_no_kept_region_reads_raise_nothing():
    user = make_user("sales", "member")
    before = data_version.current()
    db.session.add(Presence(target_type="term", target_id=1, user_id=user.id))
    db.session.commit()
    assert data_version.current() == before


def test_the_metrics_page_is_kept_until_a_lead_changes(marketer_client):
    rep = make_user("sales", "member")
    lead(rep, contacted_after=timedelta(minutes=5))
    clock.freeze(T + timedelta(days=30))
    first = page(marketer_client)
    assert counted(marketer_client) <= 3  # the reader, the data version, the unread count
    lead(rep, contacted_after=timedelta(minutes=5))
    second = page(marketer_client)
    assert second != first
    assert 'data-value="2"' in second and counted(marketer_client) <= 3


def test_a_deadline_passing_changes_the_page_with_no_write(marketer_client):
    rep = make_user("sales", "member")
    lead(rep, handed=T)  # first contact due at T + 60 min, not yet contacted
    clock.freeze(T + timedelta(minutes=30))
    assert "1 MQL is not due yet and not counted." in page(marketer_client)
    clock.freeze(T + timedelta(minutes=60))  # the deadline itself: still inside it, kept
    assert "1 MQL is not due yet and not counted." in page(marketer_client)
    assert counted(marketer_client) <= 3
    clock.freeze(T + timedelta(minutes=61))
    assert "not due yet and not counted" not in page(marketer_client)


def test_a_clock_turned_back_does_not_see_what_was_drawn_later(marketer_client):
    rep = make_user("sales", "member")
    lead(rep, handed=T)
    clock.freeze(T + timedelta(minutes=61))
    assert "not due yet and not counted" not in page(marketer_client)
    clock.freeze(T + timedelta(minutes=30))
    assert "1 MQL is not due yet and not counted." in page(marketer_client)


def test_each_language_and_role_gets_its_own_page(app):
    from tests.conftest import _signed_in

    rep = make_user("sales", "member")
    lead(rep, contacted_after=timedelta(minutes=5))
    clock.freeze(T + timedelta(days=30))
    english_head = _signed_in(app, make_user("marketing", "head"))
    english_member = _signed_in(app, make_user("marketing", "member"))
    spanish_member = _signed_in(app, make_user("marketing", "member", locale="es"))
    assert "Enter spend" in page(english_head)
    assert "Enter spend" not in page(english_member)  # same language, another role
    assert "Enter spend" in page(english_head)
    shown = page(spanish_member)  # same role, another language
    assert "Velocidad de respuesta: primer contacto" in shown and "Speed to lead" not in shown
    assert "Speed to lead" in page(english_member)


def test_the_next_change_is_the_nearest_deadline_version_or_day():
    rep = make_user("sales", "member")
    lead(rep, handed=T)  # contact due T + 60 min, feedback T + 48 h
    lead(rep, handed=T, contacted_after=timedelta(minutes=5))  # only feedback still due
    period = Period.ending(MARCH, 12)
    assert next_change(period, T) == T + timedelta(minutes=60, microseconds=1)
    assert next_change(period, T + timedelta(hours=2)) == datetime(2026, 3, 11, tzinfo=UTC)
    assert next_change(period, T + timedelta(days=1, hours=23)) == \
        T + timedelta(hours=48, microseconds=1)
    assert next_change(period, T + timedelta(days=5)) == datetime(2026, 3, 16, tzinfo=UTC)


def test_a_version_taking_effect_later_ends_the_span(app):
    """A version starts at midnight in the zone it was signed in; when the workspace has moved
    to another zone since, that is no midnight of its days."""
    from tests.lead_builders import sla_in_force
    from workspace.admin.models import WorkspaceSettings

    settings = db.session.scalar(db.select(WorkspaceSettings))
    settings.timezone = "Asia/Tokyo"
    db.session.commit()
    signed = datetime(2026, 3, 5, tzinfo=UTC)
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"), at=signed,
                 effective_on="2026-03-20")
    settings.timezone = "UTC"
    db.session.commit()
    with app.test_request_context():
        start = datetime(2026, 3, 19, 15, tzinfo=UTC)  # 20 March, 00:00 in Tokyo
        assert next_change(Period.ending(MARCH, 12), start - timedelta(hours=2)) == start


def region(client, url: str) -> str:
    """The region htmx swaps (the layout around it carries a fresh CSRF token each time)."""
    return page(client, url, PARTIAL)


def drawn_again(client, url: str, headers: dict | None = PARTIAL) -> str:
    """The region as it reads with nothing kept: what a kept one must equal."""
    current_app.extensions.pop("kept_regions", None)
    return page(client, url, headers)


def test_the_goals_board_is_kept_until_a_check_in_a_lead_or_a_day_changes_it(app, client):
    from tests.conftest import _signed_in
    from tests.goal_builders import PERIOD, make_goal
    from workspace.goals import services

    april = datetime(2026, 4, 16, 9, 0, tzinfo=UTC)
    clock.freeze(april)
    head, rep = make_user("marketing", "head"), make_user("sales", "member")
    typed = make_goal(head)
    make_goal(head, title="Deliver MQLs", metric="mqls_delivered", unit="", baseline=0.0,
              target=10.0)
    client.sign_in(head)
    url = f"/goals/?period={PERIOD}"
    before = page(client, url)
    assert "No check-in yet" in before and counted(client, url) <= 6
    services.check_in(typed, head, 4, value=120.0)
    after_check_in = page(client, url)
    assert "Confidence 4/5" in after_check_in
    lead(rep, handed=april)  # an MQL delivered: the live goal's figure moves
    after_lead = region(client, url)
    assert after_lead not in after_check_in and after_lead == drawn_again(client, url)
    for later in (timedelta(hours=2), timedelta(days=20), timedelta(days=50)):
        clock.freeze(april + later)  # pace and deadlines move with the days, no write
        reader = _signed_in(app, head)  # sessions lapse; signing in writes no goal or lead
        assert region(reader, url) == drawn_again(reader, url)


def test_the_review_and_the_feedback_view_are_kept_until_a_rating_or_the_clock(app):
    from tests.conftest import _signed_in

    rep = make_user("sales", "member")
    rated = lead(rep, handed=T, contacted_after=timedelta(minutes=5))
    lead(rep, handed=T)  # neither contacted nor rated: its deadlines pass on their own
    head = make_user("marketing", "head")
    for url in ("/metrics/review/2026-03", "/leads/feedback?month=2026-03"):
        clock.freeze(T + timedelta(minutes=30))
        reader = _signed_in(app, head)
        before = page(reader, url)
        assert counted(reader, url) <= 3  # the reader, the data version, the unread count
        rated.rating, rated.first_rated_at, rated.reasons = 2, T + timedelta(hours=1), \
            ["no_need"]
        db.session.commit()
        after = page(reader, url)
        assert after != before and region_of(after) == region_of(drawn_again(reader, url, None))
        rated.rating, rated.first_rated_at, rated.reasons = None, None, []
        db.session.commit()
        page(reader, url)  # kept again, drawn at T + 30 min
        for later in (timedelta(minutes=61), timedelta(hours=49), timedelta(days=3)):
            clock.freeze(T + later)
            reader = _signed_in(app, head)  # sessions lapse; signing in writes nothing read
            assert region_of(page(reader, url)) == region_of(drawn_again(reader, url, None))


def region_of(html: str) -> str:
    """A whole page's main region (its layout carries a fresh CSRF token each time)."""
    return html[html.index('<main'):html.index('</main>')]


def test_what_a_request_reads_once_is_read_again_after_it_writes(app):
    from workspace.metrics.slices import lead_pairs

    rep = make_user("sales", "member")
    lead(rep)
    with app.test_request_context():
        assert lead_pairs() == {("webinar", "Q1")} and data_version.current() is not None
        db.session.add(Lead(company="N", source="fair", campaign="Q3", handed_over_at=T,
                            assigned_to_id=rep.id, reasons=[]))
        db.session.flush()  # written, not committed: read afresh, nothing kept or served
        assert ("fair", "Q3") in lead_pairs() and data_version.current() is None
        db.session.commit()
        assert ("fair", "Q3") in lead_pairs() and data_version.current() is not None


def test_a_folded_chart_opened_is_kept_and_follows_a_write(marketer_client):
    rep = make_user("sales", "member")
    lead(rep, handed=T, status="disqualified", attempts=2)
    clock.freeze(T + timedelta(days=30))
    url = "/metrics/chart/persistence?month=2026-03"
    before = region(marketer_client, url)
    assert counted(marketer_client, url) <= 3
    lead(rep, handed=T, status="lost", attempts=5)
    after = region(marketer_client, url)
    assert after != before and after == drawn_again(marketer_client, url)


def test_the_glossary_results_are_kept_until_a_term_changes_and_its_empty_state_never(
        admin_client, admin):
    from workspace.glossary import services

    empty = page(admin_client, "/glossary/")
    assert "Load the starter glossary" in empty
    assert counted(admin_client, "/glossary/") > 3  # its form carries the reader's token
    services.create_term(admin, services.term_fields("Lead", "", "Anyone who showed interest.",
                                                     "", "marketing", ""))
    assert "Lead" in region(admin_client, "/glossary/")
    assert counted(admin_client, "/glossary/") <= 3
    services.create_term(admin, services.term_fields("MQL", "", "A lead marketing qualified.",
                                                     "", "marketing", ""))
    after = region(admin_client, "/glossary/")
    assert "MQL" in after and after == drawn_again(admin_client, "/glossary/")


def test_the_meeting_log_is_kept_for_each_reader_and_follows_a_new_meeting(app, admin):
    from tests.conftest import _signed_in
    from workspace.meetings import services

    heads = make_user("marketing", "head"), make_user("sales", "head")
    monday = datetime(2026, 3, 9, 9, tzinfo=UTC)
    clock.freeze(monday - timedelta(days=3))
    services.schedule_meeting(heads[0], "one_on_one", "Heads only", monday,
                              monday + timedelta(hours=1), [heads[1].id])
    rep, chair = _signed_in(app, make_user("sales", "member")), _signed_in(app, admin)
    assert "Heads only" in region(chair, "/meetings/")  # the admin's log, kept
    assert "Heads only" not in region(rep, "/meetings/")  # never the admin's copy
    assert counted(rep, "/meetings/", PARTIAL) <= 3  # the reader, the version, the unread count
    services.schedule_meeting(heads[0], "weekly_sync", "Pipeline sync", monday,
                              monday + timedelta(hours=1), [heads[1].id])
    shown = region(rep, "/meetings/")
    assert "Pipeline sync" in shown and shown == drawn_again(rep, "/meetings/")


def test_a_write_outside_a_request_is_read_again_by_a_request_sharing_its_context(app):
    """A request pushed inside an app context (a test's, a command's) shares its `g`: what a
    request read once is read again after a commit made outside any request."""
    from workspace.metrics.slices import lead_pairs

    rep = make_user("sales", "member")
    lead(rep)
    with app.test_request_context():
        assert lead_pairs() == {("webinar", "Q1")}
    db.session.add(Lead(company="N", source="fair", campaign="Q3", handed_over_at=T,
                        reasons=[]))
    db.session.commit()
    with app.test_request_context():
        assert ("fair", "Q3") in lead_pairs()


def test_a_connection_lost_mid_transaction_rolls_back_without_a_second_error():
    """A database restart invalidates the connection; the rollback that follows must not
    fail again on the version's note (it answered 500 instead of a clean 503)."""
    with db.engine.connect() as connection:
        connection.begin()
        connection.execute(update(Lead).values(company="X"))
        connection.invalidate()
        connection.rollback()
