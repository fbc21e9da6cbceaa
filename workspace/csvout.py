"""CSV downloads made for spreadsheets: numbers stay numbers (percentages rounded as the page
shows them, money in major units with its currency in the column's header), dates in ISO 8601,
UTF-8 with a byte-order mark so spreadsheet programs read accents right, and every text cell a
spreadsheet would run as a formula kept as text."""

import csv
import io
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from numbers import Number

from flask import Response

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Number) and not isinstance(value, bool):
        return str(value)  # a negative number is a number, not a formula
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text[:1] in FORMULA_START else text


def read_cell(text: str) -> str:
    """A cell as written before `safe_cell` kept it from running: the apostrophe it put before
    a formula's first character comes off (as a spreadsheet hides it), so an export imported
    again changes nothing."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_START and text[1:2] else text


def whole_percent(rate: float | None) -> int | None:
    """A share as the pages show it: whole percent (0.4266 → 43), None when undefined."""
    return None if rate is None else int(f"{rate * 100:.0f}")


def major_units(cents: float | None, currency: str) -> Decimal | None:
    """Cents (or an average of cents) in the currency's major unit, rounded as the pages
    round them: to whole cents, then to the currency's digits (704.55 dollars, 705 yen)."""
    from babel.numbers import get_currency_precision

    if cents is None:
        return None
    digits = Decimal(1).scaleb(-get_currency_precision(currency))
    return (Decimal(round(cents)) / 100).quantize(digits, rounding=ROUND_HALF_EVEN)


def csv_text(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(value) for value in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def csv_download(filename: str, header: list[str], rows) -> Response:
    return Response(BOM + csv_text(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
