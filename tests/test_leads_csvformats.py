from datetime import UTC, datetime
from decimal import Decimal

import pytest

from workspace.leads.csvformats import (
    CellError,
    guess_date_order,
    guess_mapping,
    parse_number,
    parse_when,
)


@pytest.mark.parametrize(("text", "value"), [
    ("1.234,50", Decimal("1234.50")), ("1,234.50", Decimal("1234.50")),
    ("30.000", Decimal("30000")), ("30,000", Decimal("30000")), ("30,5", Decimal("30.5")),
    ("1234.5", Decimal("1234.5")), ("$ 45,000.00", Decimal("45000.00")),
    ("1.234.567", Decimal("1234567")), ("", None)])
def test_numbers_in_either_locale(text, value):
    assert parse_number(text) == value


def test_a_bad_number_is_an_error():
    with pytest.raises(CellError):
        parse_number("lots")


def test_dates_in_either_order_and_iso():
    assert parse_when("25/11/2026", "dmy", "UTC") == datetime(2026, 11, 25, tzinfo=UTC)
    assert parse_when("11/25/2026 14:30", "mdy", "UTC") == datetime(2026, 11, 25, 14, 30,
                                                                     tzinfo=UTC)
    assert parse_when("2026-11-25T10:00:00+01:00", "dmy", "UTC") == datetime(
        2026, 11, 25, 9, tzinfo=UTC)
    assert parse_when("25/11/2026", "dmy", "Europe/Madrid") == datetime(2026, 11, 24, 23,
                                                                         tzinfo=UTC)
    with pytest.raises(CellError):
        parse_when("31/02/2026", "dmy", "UTC")
    assert guess_date_order(["01/02/2026", "11/25/2026"]) == "mdy"
    assert guess_date_order(["25/11/2026"]) == "dmy"


def test_crm_headings_map_in_english_and_spanish():
    salesforce = ["Lead ID", "First Name", "Last Name", "Company / Account", "Email",
                  "No. of Employees", "Lead Source", "Country"]
    assert guess_mapping(salesforce) == {"external_id": 0, "first_name": 1, "last_name": 2,
                                         "company": 3, "email": 4, "employees": 5, "source": 6,
                                         "country": 7}
    hubspot_es = ["ID de registro", "Nombre", "Apellidos", "Nombre de la empresa", "Correo",
                  "Número de empleados", "Fuente original", "País/región"]
    assert set(guess_mapping(hubspot_es)) == {"external_id", "first_name", "last_name",
                                              "company", "email", "employees", "source",
                                              "country"}


def test_a_four_digit_year_is_taken_as_written_and_two_digits_mean_this_century():
    from workspace.leads.csvformats import parse_when

    assert parse_when("01/01/0001", "dmy", "UTC").year == 1  # refused later as out of range
    assert parse_when("20/11/0026", "dmy", "UTC").year == 26
    assert parse_when("20/11/24", "dmy", "UTC").year == 2024
