"""CSV import of leads, all or nothing, staged in the database chunk by chunk.

Upload keeps the file in the database; each step (any app process, driven by htmx) parses,
validates and qualifies the next chunk into staged rows; publishing is one INSERT ... SELECT
for new leads and one UPDATE for re-imported ones. Nothing reaches `leads` while any row has
an error.
"""

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, delete, func, insert, literal, or_, select, update

from workspace import clock
from workspace.auth.models import User
from workspace.database import write_unit
from workspace.extensions import db
from workspace.leads import stats
from workspace.leads.csvformats import guess_date_order, guess_mapping
from workspace.leads.import_rows import (
    Columns,
    ImportRefused,
    owners_named,
    parse_row,
    read_rows,
    sales_people,
    unknown_owners,
)
from workspace.leads.intake import Rotation, match_existing
from workspace.leads.models import Lead, LeadImport, StagedLead
from workspace.leads.services import LEAD_FIELDS, qualification
from workspace.sla.in_force import Unverified, VersionsInForce
from workspace.sla.models import AgreementVersion

CHUNK = 5000
KEPT_ERRORS = 200


def start_import(user: User, filename: str, content: bytes) -> LeadImport:
    headers, reader, _stream = read_rows(content)
    mapping = guess_mapping(headers)
    sample, total = [], 0
    date_columns = [mapping[f] for f in ("last_engaged_at", "handed_over_at") if f in mapping]
    for row in reader:
        total += 1
        if total <= 500:
            sample += [row[i] for i in date_columns if i < len(row)]
    if total == 0:
        raise ImportRefused(_("The file has no rows after the header."))
    with write_unit():
        batch = LeadImport(created_by_id=user.id, filename=filename[:255], content=content,
                           headers=headers, mapping=mapping,
                           date_order=guess_date_order(sample), total_rows=total)
        db.session.add(batch)
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
        _, reader, stream = read_rows(batch.content, batch.next_offset)
        first = batch.staged_rows
        rows = []
        for index, row in enumerate(reader, start=first):
            rows.append((index + 2, row))  # line numbers as a spreadsheet shows them
            if len(rows) == CHUNK:
                break
        batch.next_offset = stream.tell()
        owners = owners_named(sales_people())
        staged, errors = [], []
        columns = Columns(dict(batch.mapping), batch.date_order, batch.created_by_id)
        for line, row in rows:
            fields, problems = parse_row(row, columns, zone, owners)
            errors += [[line, column, message] for column, message in problems]
            if not problems:
                staged.append({"row_number": line, **fields})
        errors += _duplicates(batch, staged)
        if not errors:
            errors += _qualify_and_match(batch, staged)
        if not errors:
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


def _qualify_and_match(batch: LeadImport, staged: list[dict]) -> list[list]:
    """Judge each row by the SLA in force at its hand-off; find leads it re-imports; assign.
    The errors: rows whose version in force does not prove itself, judged by nothing."""
    versions, rotation = VersionsInForce(), Rotation()
    zone = stats.workspace_zone(db.session.connection())
    errors = []
    for row, existing in zip(staged, match_existing(staged), strict=True):
        row["import_id"] = batch.id
        row["existing_lead_id"] = existing.id if existing else None
        row["handoff_month"] = stats.month_of(row["handed_over_at"], zone)
        # A re-imported lead keeps its hand-off, and so the SLA version that judges it.
        handed = existing.handed_over_at if existing else row["handed_over_at"]
        try:
            _apply_version(row, versions.judge_at(handed), handed)
        except Unverified as unverified:
            errors.append([row["row_number"], "", str(unverified)])
        if row["assigned_to_id"] is None and existing is None:
            rep = rotation.next_rep(row["row_number"] - 2)  # the file's order, across chunks
            row["assigned_to_id"] = rep.id if rep else None
    return errors


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


def publish(batch: LeadImport, owners: dict[str, int] | None = None) -> LeadImport:
    """Everything at once: one INSERT ... SELECT, one UPDATE; then the staging is gone. The
    monthly figures lose the re-imported leads' old contribution and gain the new one.

    `owners` maps an owner name no rep answers to (folded) to the rep its new leads go to;
    a name not in it keeps the rotation it got at staging."""
    with write_unit():
        db.session.refresh(batch)
        if batch.status != "staged" or batch.error_count:
            raise ImportRefused(_("Only a checked file without errors can be imported."))
        mine = StagedLead.import_id == batch.id
        _assign_named(batch, owners or {})
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


def _assign_named(batch: LeadImport, chosen: dict[str, int]) -> None:
    """The importer's rep for each unknown owner name, on that name's new leads."""
    if not chosen:
        return
    people = sales_people()
    if not set(chosen.values()) <= {person.id for person in people}:
        raise ImportRefused(_("Choose an active member of sales for each owner."))
    lines = [{"line": line, "rep": chosen[key]}
             for key, (_name, numbers) in unknown_owners(batch, owners_named(people)).items()
             if key in chosen for line in numbers]
    if lines:
        staged = StagedLead.__table__.c  # Core: one executemany, not the ORM's bulk by key
        db.session.execute(update(StagedLead.__table__).where(
            staged.import_id == batch.id, staged.row_number == bindparam("line"),
            staged.existing_lead_id.is_(None)).values(assigned_to_id=bindparam("rep")), lines)


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
        _refuse_unknown_owners(batch)
        publish(batch)
    return batch


def _refuse_unknown_owners(batch: LeadImport) -> None:
    """Without a page to choose on, an owner name no rep answers to stops the import."""
    unknown = unknown_owners(batch, owners_named(sales_people()))
    if unknown:
        discard(batch)
        raise ImportRefused(_("No rep answers to these owners: %(names)s. Write their emails, "
                              "or import the file on the web to choose a rep for each.",
                              names=", ".join(name for name, _lines in unknown.values())))
