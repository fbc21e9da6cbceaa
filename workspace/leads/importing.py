"""CSV import of leads, all or nothing, staged in the database chunk by chunk.

Upload keeps the file in the database; each step (any app process, driven by htmx) parses,
validates and qualifies the next chunk into staged rows; publishing is one INSERT ... SELECT
for new leads and one UPDATE for re-imported ones. Nothing reaches `leads` while any row has
an error.
"""

import csv
import io
from bisect import bisect_right
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, delete, func, insert, literal, or_, select, update

from workspace import clock
from workspace.auth.models import User
from workspace.database import write_unit
from workspace.extensions import db
from workspace.leads import stats
from workspace.leads.csvformats import (
    TARGETS,
    CellError,
    guess_date_order,
    guess_mapping,
    parse_number,
    parse_when,
)
from workspace.leads.models import Lead, LeadImport, StagedLead
from workspace.leads.services import LEAD_FIELDS, qualification
from workspace.sla.models import AgreementVersion

CHUNK = 5000
KEPT_ERRORS = 200
MAX_CELL = 2000
LIMITS = {"external_id": 100, "company": 200, "contact_name": 200, "email": 254, "phone": 50,
          "industry": 100, "country": 100, "source": 100, "campaign": 200}


class ImportRefused(Exception):
    pass


def _rows(content: bytes, offset: int = 0) -> tuple[list[str], csv.reader, io.StringIO]:
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


def start_import(user: User, filename: str, content: bytes) -> LeadImport:
    headers, reader, _stream = _rows(content)
    mapping = guess_mapping(headers)
    sample, total = [], 0
    date_columns = [mapping[f] for f in ("last_engaged_at", "handed_over_at") if f in mapping]
    for row in reader:
        total += 1
        if total <= 500:
            sample += [row[i] for i in date_columns if i < len(row)]
    if total == 0:
        raise ImportRefused(_("The file has no rows after the header."))
    batch = LeadImport(created_by_id=user.id, filename=filename[:255], content=content,
                       headers=headers, mapping=mapping, date_order=guess_date_order(sample),
                       total_rows=total)
    db.session.add(batch)
    db.session.commit()
    return batch


def set_mapping(batch: LeadImport, mapping: dict[str, int], date_order: str) -> None:
    if batch.status not in ("uploaded", "staging", "staged"):
        raise ImportRefused(_("This import is finished; upload the file again to redo it."))
    if "company" not in mapping:
        raise ImportRefused(_("Choose the column that holds the company."))
    with write_unit():
        db.session.execute(delete(StagedLead).where(StagedLead.import_id == batch.id))
        batch.mapping, batch.date_order = mapping, date_order if date_order in ("dmy", "mdy") \
            else "dmy"
        batch.status, batch.staged_rows, batch.error_count, batch.errors = "staging", 0, 0, []
        batch.next_offset = 0


def stage_next_chunk(batch: LeadImport, zone: str) -> LeadImport:
    """Parse, check and qualify the next CHUNK rows; safe to call from any process."""
    with write_unit():
        db.session.refresh(batch)
        if batch.status != "staging":
            return batch
        _, reader, stream = _rows(batch.content, batch.next_offset)
        first = batch.staged_rows
        rows = []
        for index, row in enumerate(reader, start=first):
            rows.append((index + 2, row))  # line numbers as a spreadsheet shows them
            if len(rows) == CHUNK:
                break
        batch.next_offset = stream.tell()
        owners = _owners(rows, batch)
        staged, errors = [], []
        columns = _Columns(dict(batch.mapping), batch.date_order, batch.created_by_id)
        for line, row in rows:
            fields, problems = _parse(row, columns, zone, owners)
            errors += [[line, column, message] for column, message in problems]
            if not problems:
                staged.append({"row_number": line, **fields})
        errors += _duplicates(batch, staged)
        if not errors:
            _qualify_and_match(batch, staged)
            errors += _same_existing(batch, staged)
        if not errors and staged:
            _insert_staged(staged)
        batch.error_count += len(errors)
        batch.errors = (batch.errors + errors)[:KEPT_ERRORS]
        batch.staged_rows = first + len(rows)
        if batch.staged_rows >= batch.total_rows:
            batch.status = "staged"
    return batch


def _insert_staged(staged: list[dict]) -> None:
    """The chunk's rows in one go: COPY on PostgreSQL (executemany there costs a quarter of
    an import), one Core executemany elsewhere (the ORM split it per row shape)."""
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        db.session.execute(StagedLead.__table__.insert(), staged)
        return
    import json

    columns = list(staged[0])
    names = ", ".join(f'"{name}"' for name in columns)
    raw = connection.connection.dbapi_connection  # the session's own transaction
    with raw.cursor() as cursor, cursor.copy(
            f"COPY staged_leads ({names}) FROM STDIN") as copy:
        for row in staged:
            copy.write_row([json.dumps(row[name]) if name == "reasons" else row[name]
                            for name in columns])


def _owners(rows: list, batch: LeadImport) -> dict[str, int]:
    """The reps named in a chunk's owner column, by email: one query per chunk."""
    index = batch.mapping.get("assigned_to")
    emails = {row[index].strip().lower() for _, row in rows
              if index is not None and index < len(row) and row[index].strip()}
    if not emails:
        return {}
    return dict(db.session.execute(select(User.email, User.id).where(
        User.email.in_(emails), User.team == "sales", User.deactivated_at.is_(None))).all())


@dataclass(frozen=True)
class _Columns:
    """What parsing a row needs from its import, read once per chunk, not once per cell."""

    mapping: dict[str, int]
    date_order: str
    created_by_id: int


def _parse(row: list[str], batch: _Columns, zone: str,
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
    values = {"external_id": cell("external_id") or None, "company": cell("company"),
              "contact_name": name, "email": cell("email").lower() or None,
              "phone": cell("phone"), "industry": cell("industry").casefold(),
              "country": cell("country").casefold(), "source": cell("source"),
              "campaign": cell("campaign")}
    for key, value in values.items():
        if value and len(value) > LIMITS[key]:
            problems.append((key, _("At most %(n)d characters.", n=LIMITS[key])))
    if not values["company"]:
        problems.append(("company", _("A company is required.")))
    fields.update(values)
    try:
        employees = parse_number(cell("employees"))
        if employees is not None and (employees < 0 or employees != int(employees)):
            raise CellError("not whole")
        fields["employees"] = int(employees) if employees is not None else None
    except CellError:
        problems.append(("employees", _("A whole number of zero or more.")))
    try:
        budget = parse_number(cell("marketing_budget_monthly"))
        if budget is not None and budget < 0:
            raise CellError("negative")
        fields["marketing_budget_monthly"] = int(budget * 100) if budget is not None else None
    except CellError:
        problems.append(("marketing_budget_monthly", _("An amount of zero or more.")))
    for key in ("last_engaged_at", "handed_over_at"):
        try:
            fields[key] = parse_when(cell(key), batch.date_order, zone)
        except CellError:
            problems.append((key, _("A date such as 25/11/2026 or 2026-11-25.")))
    fields["handed_over_at"] = fields.get("handed_over_at") or clock.now()
    owner = cell("assigned_to").lower()
    fields["assigned_to_id"] = owners.get(owner) if owner else None
    if owner and fields["assigned_to_id"] is None:
        problems.append(("assigned_to", _("No active member of sales has this email.")))
    fields["handed_over_by_id"] = batch.created_by_id
    return fields, problems


def _duplicates(batch: LeadImport, staged: list[dict]) -> list[list]:
    """The same lead twice in one file (by external id, else email) is an error."""
    errors, seen = [], {}
    keys = [("external_id", r["external_id"]) if r["external_id"] else ("email", r["email"])
            for r in staged]
    externals = [k[1] for k in keys if k[0] == "external_id" and k[1]]
    emails = [k[1] for k in keys if k[0] == "email" and k[1]]
    earlier = db.session.execute(select(StagedLead.row_number, StagedLead.external_id,
                                        StagedLead.email).where(
        StagedLead.import_id == batch.id,
        or_(StagedLead.external_id.in_(externals),
            and_(StagedLead.external_id.is_(None), StagedLead.email.in_(emails))))).all()
    for number, external_id, email in earlier:
        seen[("external_id", external_id) if external_id else ("email", email)] = number
    for row, key in zip(staged, keys, strict=True):
        if key[1] is None:
            continue
        if key in seen:
            errors.append([row["row_number"], key[0], _("Same lead as line %(n)d.", n=seen[key])])
        else:
            seen[key] = row["row_number"]
    return errors


def _same_existing(batch: LeadImport, staged: list[dict]) -> list[list]:
    """Two rows re-importing one lead (say by external id and by email) are an error."""
    ids = [row["existing_lead_id"] for row in staged if row["existing_lead_id"]]
    if not ids:
        return []
    seen = dict(db.session.execute(select(StagedLead.existing_lead_id, StagedLead.row_number)
                                   .where(StagedLead.import_id == batch.id,
                                          StagedLead.existing_lead_id.in_(ids))).all())
    errors = []
    for row in staged:
        lead_id = row["existing_lead_id"]
        if not lead_id:
            continue
        if lead_id in seen:
            errors.append([row["row_number"], "email", _("Same lead as line %(n)d.",
                                                         n=seen[lead_id])])
        else:
            seen[lead_id] = row["row_number"]
    return errors


def _qualify_and_match(batch: LeadImport, staged: list[dict]) -> None:
    """Judge each row by the SLA in force at its hand-off; find leads it re-imports; assign."""
    versions = list(db.session.scalars(select(AgreementVersion).where(
        AgreementVersion.status == "signed").order_by(AgreementVersion.effective_from,
                                                      AgreementVersion.number)))
    starts = [v.effective_from for v in versions]
    by_external = _existing(Lead.external_id, [r["external_id"] for r in staged])
    by_email = _existing(Lead.email, [r["email"] for r in staged])
    matched = [by_external.get(r["external_id"]) or by_email.get(r["email"]) for r in staged]
    original = dict(db.session.execute(select(Lead.id, Lead.handed_over_at).where(
        Lead.id.in_([m for m in matched if m]))).all()) if any(matched) else {}
    reps = list(db.session.scalars(select(User.id).where(
        User.team == "sales", User.role == "member", User.kind == "person",
        User.deactivated_at.is_(None), User.joined_at.is_not(None)).order_by(User.id)))
    zone = stats.workspace_zone(db.session.connection())
    for row, existing in zip(staged, matched, strict=True):
        row["import_id"] = batch.id
        row["existing_lead_id"] = existing
        row["handoff_month"] = stats.month_of(row["handed_over_at"], zone)
        # A re-imported lead keeps its hand-off, and so the SLA version that judges it.
        handed = original.get(existing, row["handed_over_at"])
        version = versions[bisect_right(starts, handed) - 1] \
            if starts and handed >= starts[0] else None
        _apply_version(row, version, handed)
        if row["assigned_to_id"] is None and reps and row["existing_lead_id"] is None:
            row["assigned_to_id"] = reps[row["row_number"] % len(reps)]


def _existing(column, values: list) -> dict:
    wanted = [v for v in values if v]
    if not wanted:
        return {}
    return dict(db.session.execute(select(column, Lead.id).where(column.in_(wanted))).all())


def _apply_version(row: dict, version: AgreementVersion | None, handed) -> None:
    values = {name: row.get(name) for name in LEAD_FIELDS}
    row.update(qualification(version, values, handed))


COPIED = ("external_id", "company", "contact_name", "email", "phone", "employees",
          "marketing_budget_monthly", "industry", "country", "last_engaged_at", "source",
          "campaign", "is_mql", "sla_version", "reasons", "min_attempts",
          "first_contact_due_at", "feedback_due_at")
CRM_FIELDS = ("company", "contact_name", "phone", "employees", "marketing_budget_monthly",
              "industry", "country", "last_engaged_at", "source", "campaign", "is_mql",
              "reasons")


def counts(batch: LeadImport) -> tuple[int, int]:
    """(new leads, re-imported leads) among the staged rows: one query."""
    new, existing = db.session.execute(select(
        func.count(StagedLead.id).filter(StagedLead.existing_lead_id.is_(None)),
        func.count(StagedLead.id).filter(StagedLead.existing_lead_id.is_not(None)))
        .where(StagedLead.import_id == batch.id)).one()
    return new, existing


def publish(batch: LeadImport) -> LeadImport:
    """Everything at once: one INSERT ... SELECT, one UPDATE; then the staging is gone. The
    monthly figures lose the re-imported leads' old contribution and gain the new one."""
    with write_unit():
        db.session.refresh(batch)
        if batch.status != "staged" or batch.error_count:
            raise ImportRefused(_("Only a checked file without errors can be imported."))
        mine = StagedLead.import_id == batch.id
        reimported = Lead.id.in_(select(StagedLead.existing_lead_id).where(
            mine, StagedLead.existing_lead_id.is_not(None)))
        db.session.execute(select(Lead.id).where(reimported).with_for_update())
        connection = db.session.connection()
        before = stats.sums_of(connection, reimported)
        columns = [*COPIED, "handed_over_at", "handoff_month", "handed_over_by_id",
                   "assigned_to_id"]
        source = select(*[getattr(StagedLead, c) for c in columns],
                        literal("new"), literal(0), literal(False), literal(""), literal(1)) \
            .where(mine, StagedLead.existing_lead_id.is_(None)).order_by(StagedLead.row_number)
        created, updated = counts(batch)  # rowcount of INSERT ... SELECT differs by driver
        new_ids = list(db.session.scalars(insert(Lead).from_select(
            [*columns, "status", "attempts_count", "disqualified_below_minimum",
             "lost_reason", "row_version"], source).returning(Lead.id)))
        # UPDATE ... FROM the staged rows: one join, not a subquery per field and row.
        db.session.execute(
            update(Lead).where(mine, StagedLead.existing_lead_id == Lead.id)
            .values(**{name: getattr(StagedLead, name) for name in CRM_FIELDS},
                    row_version=Lead.row_version + 1)
            .execution_options(synchronize_session=False))
        after = stats.combined(stats.sums_of(connection, reimported), *(
            stats.sums_of(connection, Lead.id.in_(new_ids[start:start + 10_000]))
            for start in range(0, len(new_ids), 10_000)))
        stats.apply(connection, stats.change(after, before))  # one upsert, in key order
        db.session.execute(delete(StagedLead).where(mine))
        batch.status, batch.published_at, batch.content = "published", clock.now(), b""
        batch.created_count, batch.updated_count = created, updated
    return batch


def discard(batch: LeadImport) -> None:
    if batch.status == "published":
        raise ImportRefused(_("This import is already published."))
    with write_unit():
        db.session.execute(delete(StagedLead).where(StagedLead.import_id == batch.id))
        batch.status, batch.content = "discarded", b""


def import_file(user: User, filename: str, content: bytes, zone: str) -> LeadImport:
    """The whole import at once (command line, tests): automatic mapping, then publish."""
    batch = start_import(user, filename, content)
    set_mapping(batch, batch.mapping, batch.date_order)
    while batch.status == "staging":
        stage_next_chunk(batch, zone)
    if batch.error_count == 0:
        publish(batch)
    return batch
