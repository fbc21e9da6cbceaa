"""The leads pages over HTTP: hand-off, the inbox by urgency, the work panel."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from tests.factories import make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.extensions import db
from workspace.leads.models import Lead
from workspace.leads.services import log_attempt, rate


def setup_sla():
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))


def rep_with_a_lead(app):
    """A rep signed in, with one MQL assigned to them under an SLA in force."""
    setup_sla()
    rep = make_user("sales", "member")
    lead = make_lead(make_user("marketing", "member"), assigned_to=rep)
    clock.freeze(None)
    client = app.test_client()
    client.sign_in(rep)
    return client, rep, lead


def test_marketer_hands_over_a_lead_it_is_qualified_and_assigned(app, marketer_client):
    setup_sla()
    rep = make_user("sales", "member", name="Carlos")
    response = marketer_client.post_form("/leads/new", {
        "company": "Globex", "employees": "250", "marketing_budget_monthly": "45000",
        "last_engaged_on": clock.now().date().isoformat(), "source": "webinar",
        "assigned_to": ""})
    assert response.status_code == 303
    lead = db.session.scalar(select(Lead))
    assert lead.is_mql and lead.assigned_to_id == rep.id
    assert lead.handed_over_by_id == marketer_client.user.id
    assert lead.marketing_budget_monthly == 4_500_000
    page = marketer_client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert "employees 250, needs more than 100 ✓" in page and "MQL" in page


def test_hand_off_form_refuses_bad_input(marketer_client):
    response = marketer_client.post_form("/leads/new", {"company": "", "employees": "-3",
                                                        "email": "nope", "source": ""})
    assert response.status_code == 422
    assert response.get_data(as_text=True).count('class="error"') == 4
    assert db.session.scalar(select(func.count()).select_from(Lead)) == 0


def test_reps_cannot_hand_over(sales_rep_client):
    assert sales_rep_client.get("/leads/new").status_code == 403


def test_inbox_puts_first_contacts_by_deadline_first(app):
    setup_sla()
    marketer, rep = make_user("marketing", "member"), make_user("sales", "member")
    contacted = make_lead(marketer, at=T0, assigned_to=rep, company="Contacted")
    later = make_lead(marketer, at=T0 + timedelta(minutes=20), assigned_to=rep, company="Later")
    sooner = make_lead(marketer, at=T0 + timedelta(minutes=10), assigned_to=rep, company="Sooner")
    clock.freeze(T0 + timedelta(minutes=30))
    log_attempt(contacted, rep, "call", "no_answer")
    client = app.test_client()
    client.sign_in(rep)
    page = client.get("/leads/").get_data(as_text=True)
    order = re.findall(r">(Contacted|Later|Sooner)</a>", page)
    assert order == ["Sooner", "Later", "Contacted"]
    assert later.id and sooner.id


def test_log_an_attempt_and_rate_through_the_work_panel(app):
    client, rep, lead = rep_with_a_lead(app)
    response = client.post_form(f"/leads/{lead.id}/attempts",
                                {"channel": "call", "outcome": "connected", "note": "Keen"},
                                htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and "Keen" in body
    assert response.headers["HX-Trigger"] == "attempt-logged"
    refused = client.post_form(f"/leads/{lead.id}/rating", {
        "rating": "1", "verdict": "disqualified", "reason": "no_need"}, htmx=True)
    assert refused.status_code == 422 and "Confirm to disqualify" in refused.get_data(
        as_text=True)
    accepted = client.post_form(f"/leads/{lead.id}/rating", {
        "rating": "5", "verdict": "accepted", "reason": "fits"}, htmx=True)
    assert accepted.status_code == 200 and "Accepted as SQL" in accepted.get_data(as_text=True)


def test_another_rep_cannot_work_my_lead(app):
    setup_sla()
    mine, other = make_user("sales", "member"), make_user("sales", "member")
    lead = make_lead(make_user("marketing", "member"), assigned_to=mine)
    clock.freeze(None)
    client = app.test_client()
    client.sign_in(other)
    response = client.post_form(f"/leads/{lead.id}/attempts",
                                {"channel": "call", "outcome": "connected"}, htmx=True)
    assert response.status_code == 422 and "Only the rep assigned" in response.get_data(
        as_text=True)


def test_the_rating_offers_each_mql_rule_as_a_reason(app):
    client, rep, lead = rep_with_a_lead(app)
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert "Does not actually meet: employees more than 100" in page
    rate(lead, rep, 2, "nurture", "rule:0")
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert "Does not actually meet: employees more than 100</span>" in page or \
        "Back to nurture · Does not actually meet" in page


def test_all_leads_filter_fragment(app, marketing_head_client):
    setup_sla()
    marketer = make_user("marketing", "member")
    make_lead(marketer, company="From webinar", source="webinar")
    make_lead(marketer, company="From ebook", source="ebook")
    clock.freeze(None)
    response = marketing_head_client.get("/leads/?view=all&source=ebook",
                                         headers={"HX-Request": "true",
                                                  "HX-Request-Type": "partial"})
    body = response.get_data(as_text=True)
    assert "<html" not in body and "From ebook" in body and "From webinar" not in body


def test_missed_first_contacts_show_as_notifications_without_a_job(app):
    setup_sla()
    rep = make_user("sales", "member")
    make_lead(make_user("marketing", "member"), at=T0, assigned_to=rep, company="Slow Co")
    clock.freeze(T0 + timedelta(hours=2))
    client = app.test_client()
    client.sign_in(rep)
    page = client.get("/notifications").get_data(as_text=True)
    assert "First contact with Slow Co is overdue." in page
    assert re.search(r'class="bell-count">2<', page)  # the assignment and the deadline


def test_all_leads_filter_by_month(app, marketing_head_client):
    setup_sla()
    marketer = make_user("marketing", "member")
    make_lead(marketer, at=T0, company="March lead")
    make_lead(marketer, at=T0 + timedelta(days=31), company="April lead")
    clock.freeze(None)
    body = marketing_head_client.get("/leads/?view=all&month=2026-04").get_data(as_text=True)
    assert "April lead" in body and "March lead" not in body


def test_a_late_logged_attempt_is_read_in_the_reps_time_zone(app):
    setup_sla()
    rep = make_user("sales", "member", timezone="Europe/Madrid")
    lead = make_lead(make_user("marketing", "member"), at=T0, assigned_to=rep)
    clock.freeze(T0 + timedelta(hours=3))
    client = app.test_client()
    client.sign_in(rep)
    response = client.post_form(f"/leads/{lead.id}/attempts", {
        "channel": "call", "outcome": "connected", "at": "2026-03-02T10:30"}, htmx=True)
    assert response.status_code == 200
    db.session.refresh(lead)
    assert lead.first_attempt_at.isoformat() == "2026-03-02T09:30:00+00:00"  # CET is UTC+1


def _checked(page: str, name: str) -> list[str]:
    """The values of a form control that the page preselects."""
    radios = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
    options = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    chosen = [re.search(r'value="([^"]*)"', r).group(1) for r in radios if "checked" in r]
    if options:
        chosen += re.findall(r'<option selected value="([^"]*)"', options.group(1))
    return chosen


def test_a_first_rating_preselects_nothing_and_a_revision_starts_from_the_saved_one(app):
    client, rep, lead = rep_with_a_lead(app)
    first = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert [_checked(first, name) for name in ("rating", "verdict", "reason")] == [[], [], []]
    for name in ("verdict", "reason"):  # so the browser shows the empty "Choose…" option
        assert re.search(rf'<select[^>]*name="{name}"[^>]*>\s*<option value="">', first)
    refused = client.post_form(f"/leads/{lead.id}/rating", {"comment": "hm"}, htmx=True)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Choose a rating from 1 to 5." in body and "Choose a verdict." in body
    assert "Choose a reason." in body and "hm" in body  # what was typed is kept
    log_attempt(lead, rep, "call", "connected")
    rate(lead, rep, 3, "nurture", "bad_timing")
    revision = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert [_checked(revision, name) for name in ("rating", "verdict", "reason")] == [
        ["3"], ["nurture"], ["bad_timing"]]


def test_accepting_a_lead_nobody_contacted_asks_for_confirmation(app):
    client, rep, lead = rep_with_a_lead(app)
    choice = {"rating": "4", "verdict": "accepted", "reason": "fits"}
    asked = client.post_form(f"/leads/{lead.id}/rating", choice, htmx=True)
    assert asked.status_code == 422
    assert "No contact attempt is logged" in asked.get_data(as_text=True)
    assert db.session.get(Lead, lead.id).status == "new"
    confirmed = client.post_form(f"/leads/{lead.id}/rating", {**choice,
                                                              "confirm_no_attempt": "y"},
                                 htmx=True)
    assert confirmed.status_code == 200 and confirmed.headers["HX-Trigger"] == "lead-rated"
    db.session.expire_all()
    assert db.session.get(Lead, lead.id).status == "accepted"


def test_home_counts_every_lead_to_contact_not_just_the_first_page(app):
    from workspace.leads.queries import PAGE_SIZE

    setup_sla()
    rep = make_user("sales", "member")
    marketer = make_user("marketing", "member")
    for number in range(PAGE_SIZE + 3):
        make_lead(marketer, assigned_to=rep, company=f"Company {number}")
    clock.freeze(None)
    client = app.test_client()
    client.sign_in(rep)
    page = client.get("/").get_data(as_text=True)
    assert re.search(rf'Leads to contact <span class="count">{PAGE_SIZE + 3}</span>', page)


def test_a_lead_shows_its_country_by_name_and_its_last_engagement_as_a_day(app):
    setup_sla()
    rep = make_user("sales", "member", locale="es")
    lead = make_lead(make_user("marketing", "member"), assigned_to=rep, country="es")
    clock.freeze(None)
    for reader, name in ((rep, "España"), (make_user("sales", "head"), "Spain")):
        client = app.test_client()
        client.sign_in(reader)
        page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
        assert f"<dd>{name}</dd>" in page
        day = lead.last_engaged_at.date().isoformat()
        assert re.search(rf'<time datetime="{day}">[^<]*2026</time>', page)


def test_the_work_panel_keeps_what_was_typed_when_refused_and_says_what_happened(app):
    client, rep, lead = rep_with_a_lead(app)
    verdict = {"rating": "1", "verdict": "disqualified", "reason": "no_need",
               "comment": "Too small for us"}
    for htmx in (True, False):  # the panel, or the page around it: the same 422
        refused = client.post_form(f"/leads/{lead.id}/rating", verdict, htmx=htmx)
        body = refused.get_data(as_text=True)
        assert refused.status_code == 422 and ("<html" in body) is not htmx
        assert "Confirm to disqualify" in body and "Too small for us" in body
    attempt = {"channel": "call", "outcome": "connected"}
    plain = client.post_form(f"/leads/{lead.id}/attempts", attempt)
    assert plain.status_code == 303 and plain.headers["Location"] == f"/leads/{lead.id}"
    assert "Attempt logged." in client.get(f"/leads/{lead.id}").get_data(as_text=True)
