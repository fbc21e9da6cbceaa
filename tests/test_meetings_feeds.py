"""Personal calendar feeds: the address is the only credential, so it lists exactly its owner's
meetings, is shown once, is never stored in plain text, and stops when rotated, stopped or its
owner is deactivated."""

import re
from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import func, select

from tests.conftest import HTMX
from tests.factories import make_admin, make_user
from workspace import clock
from workspace.extensions import db
from workspace.meetings import feeds, services
from workspace.meetings.models import CalendarFeed

MONDAY = datetime(2026, 4, 13, 9, 0, tzinfo=UTC)
_ADDRESS = re.compile(r'id="feed-url"[^>]*value="(http[^"]+\.ics)"')


def _meeting(organiser, people, starts=MONDAY, kind="weekly_sync", title="Weekly sync"):
    return services.schedule_meeting(organiser, kind, title, starts, starts + timedelta(hours=1),
                                     [p.id for p in people])


def _get_feed(client, path="/meetings/calendar") -> str:
    """Ask for a feed (or a new address) the way a person does; the address it shows once."""
    assert client.post_form(path).status_code == 303
    page = client.get("/meetings/calendar").get_data(as_text=True)
    match = _ADDRESS.search(page)
    assert match, page
    return match.group(1).removeprefix("http://localhost")


def _titles(app, address: str) -> list[str]:
    response = app.test_client().get(address)  # a calendar app: no session, no cookie
    assert response.status_code == 200
    return [str(event["summary"]) for event in Calendar.from_ical(response.data).walk("VEVENT")]


def test_the_feed_parses_back_with_exactly_the_persons_meetings(app, client):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    marta, carlos = make_user("marketing", "member"), make_user("sales", "member")
    _meeting(lucia, [david, marta])
    _meeting(marta, [carlos], MONDAY + timedelta(days=30), "planning", "Marta's planning")
    _meeting(lucia, [carlos], MONDAY + timedelta(days=1), "planning", "Without Marta")
    _meeting(lucia, [david], MONDAY + timedelta(days=2), "one_on_one", "Heads only")
    _meeting(lucia, [marta], MONDAY - timedelta(days=60), "sla_review", "Recent review")
    _meeting(lucia, [marta], MONDAY - timedelta(days=120), "sla_review", "Old review")
    client.sign_in(marta)
    page = client.get("/meetings/calendar").get_data(as_text=True)
    assert "from 90 days ago to every future one" in page and "Subscribe" in page
    address = _get_feed(client)
    response = app.test_client().get(address)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    parsed = Calendar.from_ical(response.data)
    assert str(parsed["x-wr-calname"]) == "Alinea meetings"
    assert [str(e["summary"]) for e in parsed.walk("VEVENT")] == [
        "Recent review", "Weekly sync", "Marta's planning"]
    assert parsed.walk("VEVENT")[1].decoded("dtstart") == MONDAY
    heads = app.test_client()
    heads.sign_in(david)
    assert _titles(app, _get_feed(heads)) == ["Weekly sync", "Heads only"]
    admin = app.test_client()
    admin.sign_in(make_admin())
    assert _titles(app, _get_feed(admin)) == []  # the admin sees one-on-ones, attends none


def test_the_address_is_shown_once_and_never_stored_in_plain_text(app, client):
    clock.freeze(MONDAY)
    marta = make_user("marketing", "member")
    client.sign_in(marta)
    address = _get_feed(client)
    secret = address.removeprefix("/meetings/feed/").removesuffix(".ics")
    assert secret.startswith("cal_") and len(secret) > 40
    again = client.get("/meetings/calendar").get_data(as_text=True)
    assert secret not in again and "You have a feed, created on" in again
    assert client.post_form("/meetings/calendar").status_code == 303  # a second click
    assert _ADDRESS.search(client.get("/meetings/calendar").get_data(as_text=True)) is None
    assert _titles(app, address) == []  # ... neither rotated it nor showed a new one
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            assert secret not in repr(tuple(row)), table.name
    assert db.session.get(CalendarFeed, marta.id).token_hash == feeds.token_hash(secret)


def test_rotating_stops_the_old_address_and_the_new_one_works(app, client):
    clock.freeze(MONDAY)
    marta = make_user("marketing", "member")
    _meeting(make_user("sales", "head"), [marta])
    client.sign_in(marta)
    old = _get_feed(client)
    confirm = client.get("/meetings/calendar/rotate")
    assert confirm.status_code == 200
    assert "Give your calendar feed a new address?" in confirm.get_data(as_text=True)
    assert _titles(app, old) == ["Weekly sync"]  # asking changed nothing
    new = _get_feed(client, "/meetings/calendar/rotate")
    assert new != old
    assert app.test_client().get(old).status_code == 404
    assert _titles(app, new) == ["Weekly sync"]
    assert db.session.scalar(select(func.count()).select_from(CalendarFeed)) == 1


def test_stopping_removes_the_feed(app, client):
    clock.freeze(MONDAY)
    marta = make_user("marketing", "member")
    client.sign_in(marta)
    address = _get_feed(client)
    confirm = client.get("/meetings/calendar/stop").get_data(as_text=True)
    assert "Stop your calendar feed?" in confirm
    assert client.post_form("/meetings/calendar/stop").status_code == 303
    assert app.test_client().get(address).status_code == 404
    assert db.session.get(CalendarFeed, marta.id) is None
    page = client.get("/meetings/calendar").get_data(as_text=True)
    assert "Get my feed's address" in page and "no longer works" in page
    assert client.get("/meetings/calendar/rotate").status_code == 303  # nothing to rotate


def test_a_deactivated_persons_feed_and_an_unknown_address_answer_404(app, client):
    clock.freeze(MONDAY)
    marta = make_user("marketing", "member")
    client.sign_in(marta)
    address = _get_feed(client)
    marta.deactivated_at = clock.now()
    db.session.commit()
    for path in (address, "/meetings/feed/cal_not-a-real-one.ics"):
        response = app.test_client().get(path)
        assert response.status_code == 404 and "Set-Cookie" not in response.headers, path


def test_the_page_needs_a_session_and_each_post_its_csrf_token(app, client):
    clock.freeze(MONDAY)
    assert client.get("/meetings/calendar").status_code == 302
    assert client.post_form("/meetings/calendar").status_code == 302  # to sign in
    marta = make_user("marketing", "member")
    client.sign_in(marta)
    refused = client.post("/meetings/calendar")  # no token: back with "this form had expired"
    assert refused.status_code == 302 and db.session.get(CalendarFeed, marta.id) is None
    address = _get_feed(client)
    for path in ("/meetings/calendar/rotate", "/meetings/calendar/stop"):
        assert client.post(path).status_code == 302
        assert client.post(path, headers=HTMX).status_code == 400
        assert app.test_client().get(address).status_code == 200, path
