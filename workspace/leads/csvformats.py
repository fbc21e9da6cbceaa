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

# Every heading each field goes by, in English and Spanish: our template's own names and the
# CRMs' (Salesforce lead reports, HubSpot contact exports). Compared by `heading_key`, so case,
# accents, spaces, underscores and punctuation never matter ("Last Activity Date",
# "last_activity_date", "Fecha de la última actividad").
ALIASES = {
    "external_id": ("external id", "id", "crm id", "lead id", "id. del candidato", "record id",
                    "id de registro", "contact id", "id de contacto", "id del prospecto"),
    "company": ("company", "company name", "company / account", "account", "account name",
                "organization", "organisation", "empresa", "nombre de la empresa",
                "empresa / cuenta", "cuenta", "nombre de la cuenta", "compañía", "organización"),
    "first_name": ("first name", "given name", "nombre", "nombre de pila"),
    "last_name": ("last name", "surname", "family name", "apellidos", "apellido"),
    "contact_name": ("contact name", "contact", "full name", "name", "nombre completo",
                     "nombre del contacto", "contacto"),
    "email": ("email", "e-mail", "email address", "e-mail address", "correo",
              "correo electrónico", "dirección de correo electrónico", "email del contacto"),
    "phone": ("phone", "phone number", "telephone", "teléfono", "número de teléfono"),
    "employees": ("employees", "no. of employees", "number of employees", "employee count",
                  "headcount", "número de empleados", "n.º de empleados", "no. de empleados",
                  "empleados", "cantidad de empleados"),
    "marketing_budget_monthly": (
        "marketing budget monthly", "monthly marketing budget", "marketing budget (monthly)",
        "monthly budget", "presupuesto de marketing mensual", "presupuesto mensual de marketing",
        "presupuesto mensual", "presupuesto de marketing (mensual)"),
    "industry": ("industry", "sector", "industria", "vertical", "sector de actividad"),
    "country": ("country", "country/region", "pais", "país/región", "país o región"),
    "last_engaged_at": (
        "last engaged at", "last engagement", "last engagement at", "last engagement date",
        "last activity", "last activity date", "last activity at", "última actividad",
        "fecha de la última actividad", "fecha de última actividad",
        "fecha de la última interacción", "última interacción", "fecha de última interacción"),
    "source": ("source", "lead source", "original source", "origen", "origen del candidato",
               "fuente original", "fuente", "origen del prospecto"),
    "campaign": ("campaign", "campaign name", "primary campaign source", "campaña",
                 "campaña principal", "origen de la campaña principal"),
    "handed_over_at": ("handed over at", "handed over", "handoff date", "hand-off date",
                       "created date", "create date", "created at", "date created",
                       "fecha de creación", "fecha de creación del registro",
                       "fecha de entrega", "creado"),
    "assigned_to": ("assigned to", "assigned rep", "owner", "lead owner", "contact owner",
                    "owner email", "sales rep", "rep", "propietario", "propietario del candidato",
                    "propietario del contacto", "asignado a", "comercial"),
}


def heading_key(heading: str) -> str:
    """What a heading says, without case, accents, spaces or punctuation."""
    return "".join(character for character in fold(heading) if character.isalnum())


def _by_key() -> dict[str, str]:
    table: dict[str, str] = {}
    for field in TARGETS:
        for alias in (field, *ALIASES[field]):
            if table.setdefault(heading_key(alias), field) != field:
                raise ValueError(f"The heading {alias!r} names two fields.")
    return table


FIELD_BY_KEY = _by_key()


def field_for(heading: str) -> str | None:
    return FIELD_BY_KEY.get(heading_key(heading))


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Field -> column index, from the headings a file has; a second column for a field
    already found stays unused (and the preview lists it)."""
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        target = field_for(header)
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
    if len(match.group(3)) == 2:
        year += 2000  # "24" is 2024; a four-digit year is taken as written ("0001" stays 1)
    try:
        moment = datetime.combine(date(year, month, day), time(int(match.group(4) or 0),
                                                               int(match.group(5) or 0)))
    except ValueError as error:
        raise CellError("not a date") from error
    return moment.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
