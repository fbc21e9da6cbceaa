"""Charts as their readers see them: /metrics/ and the monthly review, in English and Spanish,
on a laptop and a phone. Every chart is drawn inside the page's width, named in the reader's
language, and the page never scrolls sideways; a full-page screenshot of each is kept in
pytest's temporary directory for a person to look at."""

from datetime import timedelta

import pytest

from tests.factories import make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.leads.services import close, log_attempt, rate

NOW = T0 + timedelta(days=20)  # late March 2026, February closed
PAGES = {"metrics": "/metrics/?month=2026-03", "review": "/metrics/review/2026-03"}
TITLE = {"en": "MQLs delivered against the monthly target",
         "es": "MQL entregados frente al objetivo mensual"}


@pytest.fixture
def a_quarter_of_leads():
    """Leads handed over in February and March, some contacted, rated and won."""
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    sla_in_force(marketing, sales, at=T0 - timedelta(days=60))
    rep = make_user("sales", "member", name="Carlos")
    for day in range(-30, 12, 3):
        lead = make_lead(marketing, at=T0 + timedelta(days=day), assigned_to=rep,
                         employees=150 + day * 10)
        clock.freeze(T0 + timedelta(days=day, minutes=20 + abs(day) * 7))
        log_attempt(lead, rep, "call", "connected")
        rate(lead, rep, 3 + day % 3, "accepted" if day % 2 else "nurture",
             "fits" if day % 2 else "no_need")
        if day % 2:
            close(lead, rep, won=True, deal_value=1_200_000, attribution="both")
    clock.freeze(NOW)
    yield marketing
    clock.freeze(None)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("locale", ["en", "es"])
def test_every_chart_fits_the_page_and_speaks_the_readers_language(
        signed_in, a_quarter_of_leads, tmp_path_factory, locale, width):
    reader = make_user("marketing", "head", locale=locale)
    page = signed_in(reader, viewport={"width": width, "height": 900})
    shots = tmp_path_factory.mktemp("chart-screens")
    for name, path in PAGES.items():
        page.goto(path)
        charts = page.locator("figure svg.chart-svg")
        assert charts.count() >= 3, name
        assert TITLE[locale] in page.content(), (name, locale)
        for index in range(charts.count()):
            chart = charts.nth(index)
            if not chart.is_visible():
                continue  # folded away until opened
            box = chart.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (name, index, box)
            assert chart.locator("title").first.text_content().strip(), (name, index)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        shot = shots / f"{name}-{locale}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 20_000, shot  # a drawn page, not a blank one
