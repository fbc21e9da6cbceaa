"""Marketing's view of the feedback: per source, in SQL, the same on both databases."""

from datetime import timedelta

from tests.factories import make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.leads.feedback import feedback_by_source
from workspace.leads.services import log_attempt, rate
from workspace.months import Month, month_range


def test_feedback_per_source_with_median_first_contact_and_reasons():
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    marketer, rep = make_user("marketing", "member"), make_user("sales", "member")
    for minutes, verdict, reason in ((10, "accepted", "fits"), (30, "disqualified", "no_need"),
                                     (50, "nurture", "no_need")):
        lead = make_lead(marketer, at=T0, assigned_to=rep, source="webinar", campaign="Q1")
        clock.freeze(T0 + timedelta(minutes=minutes))
        log_attempt(lead, rep, "call", "connected")
        rate(lead, rep, 4 if verdict == "accepted" else 2, verdict, reason,
             confirm_below_minimum=True)
    make_lead(marketer, at=T0, assigned_to=rep, source="ebook", employees=10)
    rows = {row.source: row for row in feedback_by_source(Month.of(2026, 3, "UTC"))}
    webinar = rows["webinar"]
    assert (webinar.leads, webinar.mqls, webinar.rated, webinar.accepted) == (3, 3, 3, 1)
    assert round(webinar.average_rating, 2) == round(8 / 3, 2)
    assert webinar.median_first_contact_minutes == 30
    assert webinar.reasons == [("no_need", 2)]
    assert rows["ebook"].mqls == 0 and rows["ebook"].median_first_contact_minutes is None
    assert feedback_by_source(Month.of(2026, 4, "UTC")) == []


def test_months_are_calendar_months_in_the_workspace_zone():
    start, end = month_range(2026, 3, "Europe/Madrid")
    assert start.isoformat() == "2026-02-28T23:00:00+00:00"
    assert end.isoformat() == "2026-03-31T22:00:00+00:00"


def test_feedback_page_and_a_reply_notifies_the_rep(app, marketer_client):
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    rep = make_user("sales", "member", name="Carlos")
    lead = make_lead(make_user("marketing", "member"), at=T0, assigned_to=rep)
    clock.freeze(T0 + timedelta(minutes=5))
    rate(lead, rep, 2, "nurture", "bad_timing")
    clock.freeze(None)
    page = marketer_client.get("/leads/feedback?month=2026-03").get_data(as_text=True)
    assert "webinar" in page and "Bad timing (1)" in page
    marketer_client.post_form(f"/comments/lead/{lead.id}", {"body": "Which quarter then?"})
    from workspace.notifications.services import notifications_for

    assert "comment" in [n.kind for n in notifications_for(rep)]


def test_the_feedback_page_reads_its_figures_in_the_readers_number_format(app):
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    marketer, rep = make_user("marketing", "member"), make_user("sales", "member")
    for rating in (4, 5):
        lead = make_lead(marketer, at=T0, assigned_to=rep, source="webinar")
        clock.freeze(T0 + timedelta(minutes=5))
        log_attempt(lead, rep, "call", "connected")
        rate(lead, rep, rating, "accepted", "fits")
    clock.freeze(None)
    for locale, shown in (("es", "4,5 ★"), ("en", "4.5 ★")):
        client = app.test_client()
        client.sign_in(make_user("marketing", "member", locale=locale))
        assert shown in client.get("/leads/feedback?month=2026-03").get_data(as_text=True)
