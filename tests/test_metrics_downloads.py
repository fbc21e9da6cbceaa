"""CSV downloads made for spreadsheets: numbers as numbers, money in major units under a header
naming the currency, shares rounded as the page shows them, people by name and email."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from tests.factories import make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.csvout import major_units, safe_cell, whole_percent
from workspace.leads.services import close, log_attempt, rate
from workspace.metrics.spend import record_spend


def rows_of(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # spreadsheet programs read the accents as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_cells_keep_numbers_numbers_and_formulas_text():
    assert safe_cell(-1.5) == "-1.5" and safe_cell(Decimal("-704.55")) == "-704.55"
    assert safe_cell("-1.5") == "'-1.5" and safe_cell("=SUM(A1)") == "'=SUM(A1)"
    assert safe_cell(None) == "" and safe_cell(date(2026, 11, 3)) == "2026-11-03"
    assert safe_cell(datetime(2026, 11, 3, 9, 5, tzinfo=UTC)) == "2026-11-03T09:05:00+00:00"


def test_shares_and_money_round_as_the_page_does():
    assert [whole_percent(r) for r in (0.4266, 2 / 3, -0.001, None)] == [43, 67, 0, None]
    assert major_units(70_455, "USD") == Decimal("704.55")
    assert major_units(70_454.6, "USD") == Decimal("704.55")  # an average of cents
    assert major_units(70_455, "JPY") == Decimal("705")
    assert major_units(None, "EUR") is None


def _march():
    head = make_user("marketing", "head")
    sla_in_force(head, make_user("sales", "head"))
    rep = make_user("sales", "member", name="Rosa Vidal", email="rosa@example.test")
    marketer = make_user("marketing", "member")
    won = make_lead(marketer, at=T0, assigned_to=rep, campaign="Q1")
    clock.freeze(T0 + timedelta(minutes=30))
    log_attempt(won, rep, "call", "connected")
    rate(won, rep, 5, "accepted", "fits")
    close(won, rep, won=True, deal_value=12_345_67, attribution="both")
    for company in ("Globex", "Hooli"):
        make_lead(marketer, at=T0, assigned_to=rep, campaign="Q1", company=company)
    clock.freeze(None)
    record_spend(head, "2026-03", "marketing", "Q1", 2_113_65)


def test_metrics_downloads_are_ready_for_a_spreadsheet(marketer_client):
    _march()
    campaigns = rows_of(marketer_client.get("/metrics/campaigns.csv?month=2026-03"))
    assert campaigns[0] == ["Spent on", "Tied to", "Spend (USD)", "Leads", "MQLs",
                            "Cost per lead (USD)", "Cost per MQL (USD)"]
    assert campaigns[1] == ["Q1", "Campaign", "2113.65", "3", "3", "704.55", "704.55"]
    reps = rows_of(marketer_client.get("/metrics/reps.csv?month=2026-03"))
    assert reps[0][:4] == ["Rep", "Email", "First contact on time (%)",
                           "First contact on time: met"]
    assert reps[1][:6] == ["Rosa Vidal", "rosa@example.test", "33", "1", "2", "0"]
    funnel = rows_of(marketer_client.get("/metrics/funnel.csv?month=2026-03&deals=handoff"))
    assert funnel[0][-4:] == ["Lead → MQL (%)", "MQL → SQL (%)", "SQL → won (%)",
                              "Revenue won (USD)"]
    assert funnel[1] == ["webinar", "Q1", "3", "3", "1", "1", "100", "33", "100", "12345.67"]
    closed = rows_of(marketer_client.get("/metrics/funnel.csv?month=2026-03"))
    assert closed[0] == ["Source", "Campaign", "Deals won", "Deals lost", "Win rate (%)",
                         "Revenue won (USD)"]
    trend = rows_of(marketer_client.get("/metrics/trend.csv?month=2026-03"))
    assert trend[-1] == ["2026-03", "3", "33", "", "33", "1", "12345.67"]
    assert trend[1][0] == "2025-04"  # months in ISO format, the twelve up to this one


def test_a_spanish_reader_gets_spanish_headers_and_the_same_numbers(app):
    _march()
    client = app.test_client()
    client.sign_in(make_user("marketing", "member", locale="es"))
    rows = rows_of(client.get("/metrics/campaigns.csv?month=2026-03"))
    assert rows[0][2] == "Gasto (USD)" and rows[0][5] == "Coste por lead (USD)"
    assert rows[1][2] == "2113.65"
