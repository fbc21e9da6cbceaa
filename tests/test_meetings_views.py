"""The meeting log over HTTP: the log, scheduling, a meeting's panel, .ics, home, the API, and
the privacy of heads' one-on-ones on every surface."""

import re
from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import func, select

from tests.conftest import HTMX
from tests.factories import make_admin, make_user
from workspace import clock
from workspace.api.services import create_api_token
from workspace.extensions import db
from workspace.meetings import services
from workspace.meetings.models import AgendaItem, Meeting
from workspace.notifications.models import Notification

MONDAY = datetime(2026, 4, 13, 9, 0, tzinfo=UTC)


def _meeting(organiser, people, kind="weekly_sync", title="Weekly sync", weekly=True):
    return services.schedule_meeting(organiser, kind, title, MONDAY, MONDAY + timedelta(hours=1),
                                     [p.id for p in people], weekly=weekly)


def test_scheduling_in_the_organisers_zone_and_the_message_beside_the_field(app, client):
    clock.freeze(MONDAY - timedelta(days=2))
    lucia = make_user("marketing", "head", timezone="Europe/Madrid")
    david, gone = make_user("sales", "head"), make_user("sales", "member")
    gone.deactivated_at = clock.now()
    db.session.commit()
    client.sign_in(lucia)
    form = {"kind": "weekly_sync", "title": "Weekly sync", "day": "2026-04-13", "starts": "11:00",
            "ends": "10:00", "attendee_ids": [str(david.id)]}
    refused = client.post_form("/meetings/new", form)
    assert refused.status_code == 422
    assert re.search(r'id="ends-error">The meeting ends before it starts', refused.get_data(
        as_text=True))
    refused = client.post_form("/meetings/new", {**form, "ends": "12:00",
                                                 "attendee_ids": [str(gone.id)]})
    assert refused.status_code == 422 and "is deactivated" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
    done = client.post_form("/meetings/new", {**form, "ends": "12:00", "weekly": "y"})
    assert done.status_code == 303
    meeting = db.session.scalar(select(Meeting))
    assert meeting.starts_at == MONDAY and meeting.minutes == 60  # 11:00 in Madrid is 09:00 UTC
    assert meeting.series_id and meeting.attendee_ids == {lucia.id, david.id}


def test_the_log_filters_and_counts_and_its_fragment_answers(app, client):
    clock.freeze(MONDAY)
    lucia, david, carlos = (make_user("marketing", "head"), make_user("sales", "head"),
                            make_user("sales", "member", name="Carlos"))
    sync = _meeting(lucia, [david])
    services.add_decision(sync, lucia, "Keep Mondays")
    services.add_action(sync, lucia, "Send the list", david.id)
    _meeting(lucia, [carlos], kind="planning", title="Q3 planning", weekly=False)
    client.sign_in(carlos)
    body = client.get("/meetings/").get_data(as_text=True)
    assert "Weekly sync" in body and "Q3 planning" in body
    assert re.search(r'Weekly sync.*?<td data-label="Decisions">1</td>'
                     r'<td data-label="Open actions">1</td>', body, re.S)
    fragment = client.get("/meetings/?kind=planning", headers=HTMX)
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and "Q3 planning" in text and "Weekly sync" not in text
    assert "HX-Request" in fragment.headers["Vary"]
    assert "Q3 planning" not in client.get(f"/meetings/?person={david.id}").get_data(as_text=True)


def test_the_panel_adds_reorders_closes_and_reviews_with_its_events(app, client):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    meeting = _meeting(lucia, [david])
    client.sign_in(lucia)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Agenda" in page and "Take notes" in page
    added = client.post_form(f"/meetings/{meeting.id}/agenda", {"text": "Pipeline",
                                                                "minutes": "10"}, htmx=True)
    assert added.status_code == 200 and added.headers["HX-Trigger"] == "agenda-changed"
    assert "<html" not in added.get_data(as_text=True)
    client.post_form(f"/meetings/{meeting.id}/agenda", {"text": "Campaigns"}, htmx=True)
    second = db.session.scalar(select(AgendaItem).where(AgendaItem.text == "Campaigns"))
    moved = client.post_form(f"/meetings/{meeting.id}/agenda/{second.id}/up", htmx=True)
    assert 'aria-label="Move “Campaigns” down"' in moved.get_data(as_text=True)
    other = _meeting(lucia, [david], weekly=False)
    foreign = services.add_agenda_item(other, lucia, "Elsewhere")
    refused = client.post_form(f"/meetings/{meeting.id}/agenda/{foreign.id}/up", htmx=True)
    assert refused.status_code == 422
    bad = client.post_form(f"/meetings/{meeting.id}/actions", {
        "text": "Late", "owner_id": str(david.id), "due_on": "2026-01-01"}, htmx=True)
    assert bad.status_code == 422 and "The due date has passed already." in bad.get_data(
        as_text=True)
    closed = client.post_form(f"/meetings/{meeting.id}/close", htmx=True)
    assert closed.headers["HX-Trigger"] == "meeting-closed"
    assert "Next meeting" in closed.get_data(as_text=True)
    attendee = app.test_client()
    attendee.sign_in(david)
    assert "Meeting notes to review" in attendee.get("/").get_data(as_text=True)
    reviewed = attendee.post_form(f"/meetings/{meeting.id}/review", htmx=True)
    assert reviewed.headers["HX-Trigger"] == "notes-reviewed"
    assert "Meeting notes to review" not in attendee.get("/").get_data(as_text=True)


def test_a_closed_meetings_notes_need_a_reason_and_keep_what_was_typed(app, client):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    meeting = _meeting(lucia, [david])
    services.close_meeting(meeting, lucia)
    client.sign_in(lucia)
    refused = client.post_form(f"/meetings/{meeting.id}/notes", {
        "notes": "Typed after closing", "base_revision": "1"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "say why you correct" in body
    assert "Typed after closing" in body


def test_home_shows_my_actions_overdue_first_and_the_last_joint_meeting(app, client):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    meeting = _meeting(lucia, [david])
    services.add_action(meeting, lucia, "Later one", david.id, MONDAY.date() + timedelta(days=9))
    services.add_action(meeting, lucia, "Sooner one", david.id, MONDAY.date() + timedelta(days=1))
    clock.freeze(MONDAY + timedelta(days=5))
    client.sign_in(david)
    home = client.get("/").get_data(as_text=True)
    assert home.index("Overdue: Sooner one") < home.index("Later one")
    assert "Last joint meeting 5 days ago" in home
    clock.freeze(MONDAY + timedelta(days=9))
    client.sign_in(david)  # a new session: the idle timeout has passed
    assert "9 days ago: more than a week" in client.get("/").get_data(as_text=True)


def test_the_ics_file_parses_back(app, client):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head", email="d@x.test")
    meeting = _meeting(lucia, [david])
    client.sign_in(david)
    response = client.get(f"/meetings/{meeting.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert str(event["summary"]) == "Weekly sync"
    assert event.decoded("dtstart") == MONDAY
    assert event.decoded("dtend") == MONDAY + timedelta(hours=1)
    assert "mailto:d@x.test" in [str(a) for a in event.get("attendee")]


def test_the_api_lists_meetings_by_time_and_never_a_one_on_one(app, client):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    sync = _meeting(lucia, [david])
    private = _meeting(lucia, [david], kind="one_on_one", title="Heads only", weekly=False)
    secret = create_api_token("Calendar", ["meetings:read"], None).secret
    auth = {"Authorization": f"Bearer {secret}"}
    listed = client.get("/api/v1/meetings?from=2026-04-01&to=2026-05-01", headers=auth).get_json()
    assert [m["id"] for m in listed["meetings"]] == [sync.id]
    assert client.get("/api/v1/meetings?from=2026-05-01", headers=auth).get_json() == {
        "meetings": []}
    assert client.get(f"/api/v1/meetings/{sync.id}", headers=auth).get_json()["title"] == \
        "Weekly sync"
    assert client.get(f"/api/v1/meetings/{private.id}", headers=auth).status_code == 404
    assert client.get("/api/v1/meetings?from=soon", headers=auth).status_code == 422
    other = create_api_token("Leads", ["leads:read"], None).secret
    assert client.get("/api/v1/meetings", headers={
        "Authorization": f"Bearer {other}"}).status_code == 403


def test_a_heads_one_on_one_stays_with_its_attendees_and_the_admin(app, client):
    clock.freeze(MONDAY)
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    marta = make_user("marketing", "member")
    meeting = _meeting(lucia, [david], kind="one_on_one", title="Heads only", weekly=False)
    services.add_action(meeting, lucia, "Private action", david.id)
    services.close_meeting(meeting, lucia)
    client.sign_in(marta)
    for path in (f"/meetings/{meeting.id}", f"/meetings/{meeting.id}.ics",
                 f"/meetings/{meeting.id}/notes", f"/comments/meeting/{meeting.id}",
                 f"/go/meeting/{meeting.id}"):
        assert client.get(path).status_code == 404, path
    for path in (f"/meetings/{meeting.id}/agenda", f"/meetings/{meeting.id}/review",
                 f"/presence/meeting/{meeting.id}", f"/follow/meeting/{meeting.id}",
                 f"/comments/meeting/{meeting.id}"):
        assert client.post_form(path, {"text": "x", "body": "x"}).status_code == 404, path
    for path in ("/meetings/", "/meetings/actions", "/", "/activity", "/notifications",
                 "/meetings/?q=heads", f"/meetings/{meeting.id}/print"):
        body = client.get(path).get_data(as_text=True)
        assert "Heads only" not in body and "Private action" not in body, path
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == marta.id)) == 0
    for person in (david, make_admin()):
        reader = app.test_client()
        reader.sign_in(person)
        assert reader.get(f"/meetings/{meeting.id}").status_code == 200
        assert "Heads only" in reader.get("/meetings/").get_data(as_text=True)
        assert "Private action" in reader.get("/meetings/actions").get_data(as_text=True)


def test_the_monthly_review_turns_into_an_sla_review_whose_agenda_lists_its_breaches(app, client):
    from tests.test_metrics_views import T0, month_with_leads
    from workspace.leads.models import Lead
    from workspace.leads.services import rate

    rep = month_with_leads()
    forgotten = db.session.scalar(select(Lead).where(Lead.company == "Forgotten"))
    clock.freeze(T0 + timedelta(hours=3))
    rate(forgotten, rep, 1, "disqualified", "rule:0", "Only 40 people", confirm_below_minimum=True)
    clock.freeze(T0 + timedelta(days=40))
    lucia = make_user("marketing", "head", name="Lucía", locale="es")
    david = make_user("sales", "head", name="David")
    client.sign_in(lucia)
    review = client.get("/metrics/review/2026-03").get_data(as_text=True)
    assert "/meetings/new?review=2026-03" in review
    form = client.get("/meetings/new?review=2026-03").get_data(as_text=True)
    assert 'value="Revisión del SLA: marzo de 2026"' in form
    assert re.search(rf'<option selected value="{david.id}"|value="{david.id}" selected', form)
    scheduled = client.post_form("/meetings/new?review=2026-03", {
        "kind": "sla_review", "title": "Revisión del SLA: marzo de 2026", "day": "2026-04-21",
        "starts": "10:00", "ends": "11:00", "attendee_ids": [str(david.id)],
        "review": "2026-03"})
    assert scheduled.status_code == 303
    meeting = db.session.scalar(select(Meeting).order_by(Meeting.id.desc()).limit(1))
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                               .order_by(AgendaItem.position)).all()
    texts = [item.text for item in items if item.source == "review"]
    assert meeting.kind == "sla_review"
    assert texts[0] == "Marketing entregó 2 MQL de los 100 acordados."
    assert "1 MQL tuvo su primer contacto tarde o nunca." in texts
    assert any(text.startswith("Por qué Ventas no aceptó MQL: ") for text in texts)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "De la revisión mensual" in page


def test_each_kind_starts_from_its_template_in_the_organisers_language(app, client):
    clock.freeze(MONDAY - timedelta(days=2))
    lucia = make_user("marketing", "head", locale="es")
    david = make_user("sales", "head")
    client.sign_in(david)
    base = {"day": "2026-04-13", "starts": "09:00", "ends": "10:00",
            "attendee_ids": [str(lucia.id)]}
    for kind, title in (("one_on_one", "One-on-one"), ("planning", "Q3 planning")):
        assert client.post_form("/meetings/new", {**base, "kind": kind, "title": title}
                                ).status_code == 303
    one_on_one, planning = db.session.scalars(select(Meeting).order_by(Meeting.id)).all()
    questions = [item.text for item in planning_items(one_on_one)]
    assert questions[0] == "What do you need from my team?" and len(questions) == 5
    halves = planning_items(planning)
    assert [(item.presenter_id, item.minutes) for item in halves] == [(lucia.id, 25),
                                                                      (david.id, 25)]
    page = client.get(f"/meetings/{planning.id}").get_data(as_text=True)
    assert "Time per team: marketing 25 min, sales 25 min." in page
    assert "equal time" not in page  # balanced: no warning


def planning_items(meeting) -> list:
    return db.session.scalars(select(AgendaItem).where(
        AgendaItem.meeting_id == meeting.id, AgendaItem.source == "template")
        .order_by(AgendaItem.position)).all()


def test_the_log_searches_titles_notes_and_decisions_accents_aside_and_pages(app, client):
    from workspace.meetings.queries import LOG_SIZE

    clock.freeze(MONDAY - timedelta(days=2))
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    found = _meeting(lucia, [david], title="Revisión de campañas", weekly=False)
    services.save_notes(found, "Hablamos del **webinar** de marzo.", 1, lucia)
    services.add_decision(found, david, "Llamar en menos de 30 minutos")
    for number in range(LOG_SIZE):
        _meeting(lucia, [david], title=f"Weekly sync {number}", weekly=False)
    client.sign_in(david)
    for text in ("revision", "WEBINAR", "llamar minutos", "Campañas marzo"):
        page = client.get("/meetings/", query_string={"q": text}, headers=HTMX)
        body = page.get_data(as_text=True)
        assert "Revisión de campañas" in body and "Weekly sync 1" not in body, text
    nothing = client.get("/meetings/?q=nowhere").get_data(as_text=True)
    assert "No meeting mentions “nowhere”." in nothing
    first = client.get("/meetings/").get_data(as_text=True)
    assert first.count('class="badge badge-muted"') + first.count("<tr><td>") >= LOG_SIZE
    assert "page=2" in first and "Older meetings" in first
    second = client.get("/meetings/?page=2").get_data(as_text=True)
    assert "Newer meetings" in second and "Older meetings" not in second
    assert client.get("/meetings/?page=99999999999999999999999").status_code in (200, 400)


def test_a_meeting_prints_as_a_record_and_takes_comments(app, client):
    from workspace.meetings.models import ActionItem

    clock.freeze(MONDAY - timedelta(days=2))
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    meeting = _meeting(lucia, [david])
    services.add_decision(meeting, lucia, "Feedback within 48 hours")
    item = services.add_action(meeting, lucia, "Share the list", david.id)
    services.answer_action(db.session.get(ActionItem, item.id), david, "decline",
                           "The fair moved")
    services.close_meeting(meeting, lucia)
    client.sign_in(david)
    record = client.get(f"/meetings/{meeting.id}/print").get_data(as_text=True)
    assert "Feedback within 48 hours" in record and "Share the list" in record
    assert "The fair moved" in record and "Closed by" in record and "topbar" not in record
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f"/meetings/{meeting.id}/print" in page and 'id="comments' in page
    assert client.post_form(f"/comments/meeting/{meeting.id}", {"body": "Read, thanks"}
                            ).status_code in (200, 303)
    actions = client.get("/meetings/actions").get_data(as_text=True)
    assert "The fair moved" in actions


def test_an_sla_review_scheduled_directly_discusses_the_month_before_it(app):
    from tests.test_metrics_views import T0, month_with_leads

    month_with_leads()  # March 2026: delivery below target, a late first contact
    clock.freeze(T0 + timedelta(days=35))
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    april = datetime(2026, 4, 21, 10, 0, tzinfo=UTC)
    review = services.schedule_meeting(lucia, "sla_review", "SLA review", april,
                                       april + timedelta(hours=1), [david.id])
    texts = [item.text for item in db.session.scalars(select(AgendaItem).where(
        AgendaItem.meeting_id == review.id, AgendaItem.source == "review"))]
    assert "Marketing delivered 2 MQLs of the 100 agreed." in texts
    quiet = services.schedule_meeting(lucia, "sla_review", "SLA review", april.replace(
        year=2025), april.replace(year=2025) + timedelta(hours=1), [david.id])
    generic = [item.text for item in db.session.scalars(select(AgendaItem).where(
        AgendaItem.meeting_id == quiet.id).order_by(AgendaItem.position))]
    assert generic[0] == "Marketing's delivery: MQLs against the agreed target"


def test_the_action_list_pages_open_ones_first(app, client):
    from workspace.meetings.queries import ACTIONS_SIZE

    clock.freeze(MONDAY - timedelta(days=2))
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    meeting = _meeting(lucia, [david])
    for number in range(ACTIONS_SIZE + 2):
        item = services.add_action(meeting, lucia, f"Task {number:03d}", david.id)
        if number % 2:
            services.answer_action(item, david, "done")
    client.sign_in(david)
    first = client.get("/meetings/actions").get_data(as_text=True)
    assert first.count("Task ") == ACTIONS_SIZE and "page=2" in first
    assert first.index("Task 000") < first.index("Task 001")  # open before done
    second = client.get("/meetings/actions?page=2").get_data(as_text=True)
    assert second.count("Task ") == 2 and "Previous page" in second


def test_an_agenda_item_gets_a_presenter_and_a_time_box_and_typed_ones_come_off(app, client):
    clock.freeze(MONDAY - timedelta(days=2))
    lucia, david = make_user("marketing", "head"), make_user("sales", "head")
    meeting = _meeting(lucia, [david], kind="one_on_one", title="Heads", weekly=False)
    first = db.session.scalars(select(AgendaItem).where(
        AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position)).first()
    client.sign_in(david)
    saved = client.post_form(f"/meetings/{meeting.id}/agenda/{first.id}", {
        "text": "What do you need from sales?", "presenter_id": str(david.id), "minutes": "10"},
        htmx=True)
    assert saved.status_code == 200 and "Agenda item saved." in saved.get_data(as_text=True)
    db.session.refresh(first)
    assert (first.text, first.presenter_id, first.minutes) == (
        "What do you need from sales?", david.id, 10)
    refused = client.post_form(f"/meetings/{meeting.id}/agenda/{first.id}", {
        "text": "", "minutes": "9000"}, htmx=True)
    assert refused.status_code == 422
    db.session.refresh(first)
    assert first.minutes == 10
    other = _meeting(lucia, [david], weekly=False)
    gone = first.id
    assert client.post_form(f"/meetings/{other.id}/agenda/{first.id}/remove",
                            htmx=True).status_code == 422  # not that meeting's item
    assert client.post_form(f"/meetings/{meeting.id}/agenda/{first.id}/remove",
                            htmx=True).status_code == 200
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AgendaItem).where(
        AgendaItem.id == gone)) == 0
