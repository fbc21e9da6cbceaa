"""Reading a CSV file of leads: its rows, and each row as the fields of a lead or problems."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _

from workspace import clock
from workspace.auth.models import User
from workspace.leads.csvformats import TARGETS, CellError, parse_number, parse_when
from workspace.leads.intake import TEXT_LIMITS, clean, number_refusal, refusals
from workspace.leads.models import LeadImport
from workspace.money import to_cents
from workspace.text import fold

MAX_CELL = 2000


class ImportRefused(Exception):
    pass


def read_rows(content: bytes, offset: int = 0) -> tuple[list[str], csv.reader, io.StringIO]:
    """The headings, and a reader positioned at `offset` (0: just after the headings)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(_("The file is not UTF-8 text. Export it as CSV UTF-8.")) from error
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    stream = io.StringIO(text)
    reader = csv.reader(stream, dialect)
    headers = next(reader, None)
    if not headers or not any(h.strip() for h in headers):
        raise ImportRefused(_("The file is empty."))
    if offset:
        stream.seek(offset)
    return [h.strip() for h in headers], reader, stream


def sales_people() -> list[User]:
    """Whom an owner column may name: the active sales reps, the people leads go to by every
    path (intake.active_reps)."""
    from workspace.leads.intake import active_reps

    return sorted(active_reps(), key=lambda rep: (rep.name, rep.id))


def owners_named(people: list[User]) -> dict[str, int]:
    """Owner cell -> rep id: by email (lower case) and by name (folded: no case, no accents).
    A name two people share names nobody; the importer chooses for it in the preview."""
    by_name: dict[str, int | None] = {}
    for person in people:
        key = fold(person.name)
        by_name[key] = None if key in by_name else person.id
    return {**{key: rep for key, rep in by_name.items() if rep is not None},
            **{person.email.lower(): person.id for person in people}}


def owner_key(text: str) -> str:
    """How an owner cell is looked up: an email in lower case, a name folded."""
    text = text.strip()
    return text.lower() if "@" in text else fold(text)


def unknown_owners(batch: LeadImport, owners: dict[str, int]) -> dict[str, tuple[str, list[int]]]:
    """Owner names no rep answers to: folded name -> (the name as first written, its lines).
    Emails are not here: an unknown email is an error on its row."""
    index = batch.mapping.get("assigned_to")
    if index is None:
        return {}
    _headers, reader, _stream = read_rows(batch.content)
    unknown: dict[str, tuple[str, list[int]]] = {}
    for number, row in enumerate(reader, start=2):  # line numbers as staging counts them
        text = row[index].strip() if index < len(row) else ""
        key = owner_key(text)
        if text and "@" not in text and key not in owners:
            unknown.setdefault(key, (text, []))[1].append(number)
    return unknown


@dataclass(frozen=True)
class Columns:
    """What parsing a row needs from its import, read once per chunk, not once per cell."""

    mapping: dict[str, int]
    date_order: str
    created_by_id: int


def parse_row(row: list[str], batch: Columns, zone: str,
           owners: dict[str, int]) -> tuple[dict, list[tuple[str, str]]]:
    mapping, width = batch.mapping, len(row)

    def cell(name: str) -> str:
        index = mapping.get(name)
        return row[index].strip() if index is not None and index < width else ""

    problems: list[tuple[str, str]] = []
    fields = {}
    for name in TARGETS:
        if len(cell(name)) > MAX_CELL:
            problems.append((name, _("The cell is too long (over %(n)d characters).",
                                     n=MAX_CELL)))
    name = cell("contact_name") or " ".join(p for p in (cell("first_name"), cell("last_name"))
                                            if p)
    values = clean({**{key: cell(key) for key in TEXT_LIMITS}, "contact_name": name})
    if not values["company"]:
        problems.append(("company", _("A company is required.")))
    fields.update(values)
    fields["employees"], fields["marketing_budget_monthly"] = _numbers(cell, problems)
    for key in ("last_engaged_at", "handed_over_at"):
        try:
            fields[key] = parse_when(cell(key), batch.date_order, zone)
        except (CellError, OverflowError):  # overflow: a year 1 or 9999 moved into UTC
            problems.append((key, _("A date such as 25/11/2026 or 2026-11-25.")))
    problems += [(refusal.field, refusal.translated()) for refusal in refusals(fields)]
    fields["handed_over_at"] = fields.get("handed_over_at") or clock.now()
    owner = cell("assigned_to")
    # An owner named but unknown goes by rotation unless the importer maps the name at publish.
    fields["assigned_to_id"] = owners.get(owner_key(owner)) if owner else None
    if "@" in owner and fields["assigned_to_id"] is None:
        problems.append(("assigned_to", _("No active member of sales has this email.")))
    fields["handed_over_by_id"] = batch.created_by_id
    return fields, problems


def _numbers(cell, problems: list) -> tuple[int | None, int | None]:
    """Employees as a whole number and the budget in cents, each read within its range."""
    employees = _number(cell, "employees", _("A whole number of zero or more."), problems)
    if employees is not None and employees != employees.to_integral_value():
        problems.append(("employees", _("A whole number of zero or more.")))
        employees = None
    budget = _number(cell, "marketing_budget_monthly", _("An amount of zero or more."), problems)
    return (int(employees) if employees is not None else None,
            to_cents(budget) if budget is not None else None)


def _number(cell, name: str, unreadable: str, problems: list) -> Decimal | None:
    """A cell's number, checked against the intake's range before it becomes an int or cents
    ("1e999999" would be a million digits)."""
    try:
        number = parse_number(cell(name))
    except CellError:
        problems.append((name, unreadable))
        return None
    refusal = number_refusal(name, number)
    if refusal:
        problems.append((name, refusal.translated()))
        return None
    return number
