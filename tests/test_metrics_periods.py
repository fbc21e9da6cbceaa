"""Which month the figures pages open on, how they name it, and the heading the filters swap."""

from datetime import UTC, datetime

import pytest

from tests.conftest import HTMX
from tests.factories import make_user
from tests.lead_builders import make_lead
from workspace import clock
from workspace.months import month_name, shown_month

DECEMBER_FIRST = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_month_names_are_in_the_readers_language():
    assert month_name("2026-11", "en") == "November 2026"
    assert month_name("2026-11", "es") == "noviembre de 2026"
    assert month_name("2026-11", "es", "short") == "nov 2026"
    assert month_name("2026-12", "en", "month") == "December"


@pytest.mark.parametrize("months_with_data, shown, why", [
    ({"2026-12", "2026-11"}, "2026-11", "complete"),  # December has only begun
    ({"2026-12"}, "2026-12", "current"),  # the only recent month with leads
    ({"2026-10", "2026-08"}, "2026-10", "latest"),  # nothing since October
    (set(), "2026-11", "empty"),  # no leads at all: the last complete month
])
def test_without_a_month_the_page_opens_on_the_latest_month_worth_reading(
        months_with_data, shown, why):
    clock.freeze(DECEMBER_FIRST)

    def latest(upto):
        return sorted((m for m in months_with_data if m <= upto), reverse=True)[:2]

    chosen = shown_month(None, latest)
    assert (chosen.month.label, chosen.why, chosen.current.label) == (shown, why, "2026-12")
    asked = shown_month("2026-12", latest)  # an explicit month stays as asked
    assert (asked.month.label, asked.why) == ("2026-12", "asked")
    assert shown_month("2026-13", latest).why == why  # a month that is none is not asked


def _october_leads():
    marketer = make_user("marketing", "member")
    make_lead(marketer, at=datetime(2026, 10, 14, 9, 0, tzinfo=UTC), company="Globex")
    clock.freeze(DECEMBER_FIRST)


def test_metrics_open_on_the_last_month_with_leads_and_say_why(marketer_client):
    _october_leads()
    page = marketer_client.get("/metrics/").get_data(as_text=True)
    assert '<h2 id="period-title">October 2026</h2>' in page
    assert "Showing October 2026, the last month with leads; December has none yet." in page
    assert 'value="2026-10"' in page  # the form's month agrees
    asked = marketer_client.get("/metrics/?month=2026-12").get_data(as_text=True)
    assert '<h2 id="period-title">December 2026</h2>' in asked and "Showing" not in asked


def test_the_feedback_view_opens_on_the_same_month_in_spanish(app):
    _october_leads()
    client = app.test_client()
    client.sign_in(make_user("marketing", "head", locale="es"))
    page = client.get("/leads/feedback").get_data(as_text=True)
    assert "Se muestra octubre de 2026, el último mes con leads; diciembre aún no tiene." in page
    assert "webinar" in page and "→" in page and "nov 2026" in page
    english = app.test_client()
    english.sign_in(make_user("marketing", "member"))
    assert "Leads handed over in October 2026" in english.get("/leads/feedback").get_data(
        as_text=True)


def test_the_filtered_fragment_carries_its_own_heading_month_links_and_slice(marketer_client):
    _october_leads()
    response = marketer_client.get("/metrics/?month=2026-10&source=webinar", headers=HTMX)
    body = response.get_data(as_text=True)
    assert "<html" not in body and body.lstrip().startswith('<div id="metrics-body">')
    assert '<h2 id="period-title">October 2026</h2>' in body
    assert "Source: webinar" in body
    assert "month=2026-09&amp;source=webinar" in body and "Sep 2026" in body  # previous month
    assert "/metrics/review/2026-10" in body
