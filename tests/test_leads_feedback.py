"""Marketing's view of the feedback: per source, in SQL, the same on both databases."""

import re
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from tests.factories import make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.extensions import db
from workspace.leads.feedback import feedback_by_source, ratings_by_source
from workspace.leads.feedback_charts import feedback_charts
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
    for locale, shown, label in (("es", "4,5 ★", 'data-label="Valoración media"'),
                                 ("en", "4.5 ★", 'data-label="Average rating"')):
        client = app.test_client()
        client.sign_in(make_user("marketing", "member", locale=locale))
        page = client.get("/leads/feedback?month=2026-03").get_data(as_text=True)
        assert shown in page and label in page  # on a phone each figure keeps its name


# The feedback page's charts: ratings per source and campaign, and the reasons ranked.

def rated_march():
    """Webinar leads rated 1, 2 and 5 (two no_need, the 5 accepted); an ebook lead rated 4."""
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    marketer, rep = make_user("marketing", "member"), make_user("sales", "member")
    for source, stars, verdict, reason in (("webinar", 1, "disqualified", "no_need"),
                                           ("webinar", 2, "nurture", "no_need"),
                                           ("webinar", 5, "accepted", "fits"),
                                           ("ebook", 4, "nurture", "bad_timing")):
        lead = make_lead(marketer, at=T0, assigned_to=rep, source=source, campaign="Q1")
        clock.freeze(T0 + timedelta(minutes=5))
        log_attempt(lead, rep, "call", "connected")
        rate(lead, rep, stars, verdict, reason, confirm_below_minimum=True)
    clock.freeze(None)


def chart_values(html: str, key: str, kind: str) -> list[int]:
    start = html.index(f'id="{key}-heading"')
    part = html[start:html.index("</figure>", start)]
    return [int(v) for v in re.findall(rf'class="{kind}[^"]*"[^>]*data-value="(\d+)"', part)]


def table_values(html: str, key: str) -> list[int]:
    start = html.index("<tbody>", html.index(f'id="{key}-heading"'))
    return [int(v) for v in re.findall(r'<td data-value="(\d+)"', html[start:html.index(
        "</tbody>", start)])]


def test_ratings_are_read_in_one_grouped_query_and_the_charts_in_none(app):
    rated_march()
    march = Month.of(2026, 3, "UTC")
    rows = feedback_by_source(march)
    with app.test_request_context(), counted_queries() as counted:
        ratings = ratings_by_source(march)
        assert len(counted) == 1
        charts = feedback_charts(rows, ratings, march.label)
        assert len(counted) == 1
    assert ratings == {("webinar", "Q1"): [1, 1, 0, 0, 1], ("ebook", "Q1"): [0, 0, 0, 1, 0]}
    assert charts["ratings"].finding == (
        "50% of the 4 leads sales rated were given 1 or 2 stars; webinar · Q1 was rated "
        "lowest (2.7 ★ on average).")
    assert charts["reasons"].finding == (
        "The most given reason for not accepting: No need, 2 of 3, 2 of them from webinar · Q1.")
    assert [row.name for row in charts["reasons"].chart.rows] == ["No need", "Bad timing"]


def test_the_feedback_charts_on_the_page_are_their_tables(marketer_client):
    rated_march()
    html = marketer_client.get("/leads/feedback?month=2026-03").get_data(as_text=True)
    stars = chart_values(html, "ratings", "chart-part-")
    assert stars == [1, 1, 1, 1]  # webinar's 1, 2 and 5 stars, then ebook's 4
    assert table_values(html, "ratings") == [1, 1, 0, 0, 1, 3, 0, 0, 0, 1, 0, 1]
    assert chart_values(html, "reasons", "chart-bar") == [2, 1] == table_values(html, "reasons")
    assert 'aria-label="webinar · Q1: 1 star 1, 2 stars 1, 5 stars 1"' in html
    assert ' style=' not in html[html.index('id="ratings-heading"'):]


def test_an_empty_month_says_so_instead_of_drawing(marketer_client):
    html = marketer_client.get("/leads/feedback?month=2026-03").get_data(as_text=True)
    assert "No leads were handed over in March 2026." in html and "chart-svg" not in html
    with marketer_client.application.test_request_context():
        charts = feedback_charts([], {}, "2026-03")
    assert charts["ratings"].chart is None and charts["reasons"].chart is None
    assert "no lead handed over in March 2026" in charts["ratings"].finding


@contextmanager
def counted_queries():
    counted = []

    def count(*_):
        counted.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
