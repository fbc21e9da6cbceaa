"""Reading lead files: our template and CRM exports (Salesforce, HubSpot) in English or Spanish.

Headings map to lead fields automatically; numbers and dates are read in either locale's format.
"""

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from workspace.text import fold

TARGETS = ("external_id", "company", "first_name", "last_name", "contact_name", "email",
           "phone", "employees", "marketing_budget_monthly", "industry", "country",
           "last_engaged_at", "source", "campaign", "handed_over_at", "assigned_to")

# Folded heading -> field. Our template uses the field names themselves.
HEADINGS = {name: name for name in TARGETS} | {
    # Salesforce lead reports (English, Spanish)
    "lead id": "external_id", "id. del candidato": "external_id", "company / account": "company",
    "company": "company", "empresa": "company", "empresa / cuenta": "company",
    "first name": "first_name", "nombre": "first_name", "last name": "last_name",
    "apellidos": "last_name", "email": "email", "correo electronico": "email",
    "phone": "phone", "telefono": "phone", "no. of employees": "employees",
    "employees": "employees", "numero de empleados": "employees", "industry": "industry",
    "sector": "industry", "country": "country", "pais": "country", "lead source": "source",
    "origen del candidato": "source", "primary campaign source": "campaign",
    "campaign": "campaign", "campana": "campaign", "last activity": "last_engaged_at",
    "ultima actividad": "last_engaged_at", "created date": "handed_over_at",
    "fecha de creacion": "handed_over_at", "lead owner": "assigned_to",
    "propietario del candidato": "assigned_to",
    # HubSpot contacts (English, Spanish)
    "record id": "external_id", "id de registro": "external_id", "company name": "company",
    "nombre de la empresa": "company", "phone number": "phone",
    "numero de telefono": "phone", "number of employees": "employees",
    "country/region": "country", "pais/region": "country", "original source": "source",
    "fuente original": "source", "last engagement date": "last_engaged_at",
    "fecha de la ultima interaccion": "last_engaged_at", "create date": "handed_over_at",
    "fecha de creacion del registro": "handed_over_at", "contact owner": "assigned_to",
    "propietario del contacto": "assigned_to", "correo": "email",
    "monthly marketing budget": "marketing_budget_monthly",
    "presupuesto mensual de marketing": "marketing_budget_monthly",
}


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Field -> column index, from the headings a file has."""
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        target = HEADINGS.get(fold(header))
        if target and target not in mapping:
            mapping[target] = index
    return mapping


def guess_date_order(values: list[str]) -> str:
    """"dmy" unless some date only makes sense month first (11/25/2026)."""
    for value in values:
        match = re.match(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}", value or "")
        if match and int(match.group(2)) > 12 >= int(match.group(1)):
            return "mdy"
    return "dmy"


class CellError(ValueError):
    pass


def parse_number(text: str) -> Decimal | None:
    """"1.234,50", "1,234.50", "1234.5", "30.000" (thousands) and "30,5" all read right."""
    text = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    for symbol in ("$", "€", "£", "USD", "EUR"):
        text = text.replace(symbol, "")
    if not text:
        return None
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
    elif "," in text or "." in text:
        mark = "," if "," in text else "."
        parts = text.split(mark)
        decimal_mark = "" if len(parts) > 2 or len(parts[-1]) == 3 else mark
    else:
        decimal_mark = ""
    thousands = {",": ".", ".": ","}.get(decimal_mark, ",.")
    for separator in thousands:
        text = text.replace(separator, "")
    text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise CellError("not a number") from error
    if not number.is_finite():
        raise CellError("not a number")
    return number


def parse_when(text: str, order: str, zone: str) -> datetime | None:
    """ISO 8601, or a day/month (or month/day) date with an optional time, in the given zone."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
        return (moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(zone))).astimezone(UTC)
    except ValueError:
        pass
    match = re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?:[ T,]+(\d{1,2}):(\d{2}))?", text)
    if not match:
        raise CellError("not a date")
    first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    day, month = (first, second) if order == "dmy" else (second, first)
    year += 2000 if year < 100 else 0
    try:
        moment = datetime.combine(date(year, month, day), time(int(match.group(4) or 0),
                                                               int(match.group(5) or 0)))
    except ValueError as error:
        raise CellError("not a date") from error
    return moment.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
