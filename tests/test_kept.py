"""Regions kept between requests (workspace.kept) are never served stale: every write they
depend on raises the data version in its own transaction, and what the clock changes ends
their span."""

from datetime import UTC, datetime, timedelta
from html import unescape

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


def page(client, url: str = PAGE) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def counted(client, url: str = PAGE) -> int:
    statements = []

    def count(*_):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page(client, url)
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
    assert data_version.current()[1] == before[1] + 2
    db.session.execute(update(Lead).values(company="Z"))  # the same, committed
    db.session.commit()
    assert data_version.current()[1] == before[1] + 3


def test_writes_no_kept_region_reads_raise_nothing():
    user = make_user("sales", "member")
    before = data_version.current()
    db.session.add(Presence(target_type="term", target_id=1, user_id=user.id))
    db.session.commit()
    assert data_version.current() == before


def test_a_restored_backup_gets_a_new_epoch():
    from workspace.backups import _renew_data_version

    epoch, version = data_version.current()
    _renew_data_version(db.engine)
    renewed = data_version.current()
    assert renewed[0] != epoch and renewed[1] == version + 1


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
    clock.freeze(T + timedelta(minutes=60))  # the deadline itself: still inside it
    assert "1 MQL is not due yet and not counted." in page(marketer_client)
    clock.freeze(T + timedelta(minutes=61))
    assert "not due yet and not counted" not in page(marketer_client)


def test_a_clock_turned_back_does_not_see_what_was_drawn_later(marketer_client):
    rep = make_user("sales", "member")
    lead(rep, handed=T)
    clock.freeze(T + timedelta(minutes=61))
    assert "not due yet and not counted" not in page(marketer_client)
    clock.freeze(T + timedelta(minutes=30))
    assert "1 MQL is not due yet and not counted." in page(marketer_client)


def test_each_language_and_role_gets_its_own_page(app, marketer_client, sales_rep_client):
    rep = make_user("sales", "member")
    lead(rep, contacted_after=timedelta(minutes=5))
    clock.freeze(T + timedelta(days=30))
    head = make_user("marketing", "head", locale="es")
    from tests.conftest import _signed_in

    spanish_head = _signed_in(app, head)
    assert "Speed to lead" in page(marketer_client) and "Enter spend" not in page(
        sales_rep_client)
    shown = page(spanish_head)
    assert "Velocidad de respuesta: primer contacto" in shown and "Speed to lead" not in shown
    assert "Speed to lead" in page(marketer_client)


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
