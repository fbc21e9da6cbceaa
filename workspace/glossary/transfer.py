"""The glossary in and out: CSV and Markdown export, all-or-nothing CSV import."""

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from workspace.auth.models import TEAMS, User
from workspace.csvout import csv_text, read_cell
from workspace.database import write_unit
from workspace.extensions import db
from workspace.glossary.models import Term
from workspace.glossary.services import add_term, apply_edit, term_fields
from workspace.glossary.usage import reindex_all
from workspace.text import fold

COLUMNS = ("name", "aliases", "definition", "examples", "owner_team", "related", "status")
MAX_ROWS = 5000


def all_terms() -> list[Term]:
    return list(db.session.scalars(select(Term).order_by(Term.name_key)))


def export_csv(terms: list[Term]) -> str:
    return csv_text(list(COLUMNS), ((
        term.name, "; ".join(term.alias_list), term.definition, term.examples,
        term.owner_team, "; ".join(term.related_list), term.status) for term in terms))


def export_markdown(terms: list[Term], title: str) -> str:
    lines = [f"# {title}", ""]
    for term in terms:
        lines += [f"## {term.name}", "", f"*{term.status}, {term.owner_team}*", ""]
        if term.alias_list:
            lines += [f"Also called: {', '.join(term.alias_list)}", ""]
        lines += [term.definition, ""]
        if term.examples:
            lines += ["**Examples**", "", term.examples, ""]
        if term.related_list:
            lines += [f"Related: {', '.join(term.related_list)}", ""]
    return "\n".join(lines)


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    revised: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # line, column, message

    @property
    def ok(self) -> bool:
        return not self.errors


def import_csv(data: bytes, importer: User) -> ImportReport:
    """Every row checked first; any error and nothing is saved. Existing names get a revision."""
    report = ImportReport()
    rows = _parse(data, report)
    if not report.ok:
        return report
    existing = {t.name_key: t for t in all_terms()}
    with write_unit():
        for fields in rows:
            term = existing.get(fold(fields["name"]))
            if term is None:
                add_term(importer, fields, "imported", reindex=False)
                report.created += 1
            else:
                before = term.current_revision
                apply_edit(term, fields, term.current_revision, importer, "imported",
                           reindex=False)
                report.revised += term.current_revision != before
        reindex_all()
    return report


def _parse(data: bytes, report: ImportReport) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append((1, "", _("The file is not UTF-8 text. Export it as CSV UTF-8.")))
        return []
    reader = csv.DictReader(io.StringIO(text))
    headers = {(h or "").strip().lower() for h in reader.fieldnames or []}
    missing = {"name", "definition"} - headers
    if missing:
        report.errors.append((1, ", ".join(sorted(missing)),
                              _("The first row must name the columns, including %(cols)s.",
                                cols="name, definition")))
        return []
    rows, seen = [], {}
    for line, raw in enumerate(reader, start=2):
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.errors.append((line, "", _("At most %(n)d rows per import.", n=MAX_ROWS)))
            break
        row = {(k or "").strip().lower(): read_cell((v or "").strip()) for k, v in raw.items()}
        fields = term_fields(row.get("name", ""), row.get("aliases", ""),
                             row.get("definition", ""), row.get("examples", ""),
                             row.get("owner_team", "").lower() or "marketing",
                             row.get("related", ""))
        rows.append(fields)
        _check(fields, line, seen, report)
    if report.rows == 0:
        report.errors.append((1, "", _("The file has no rows after the header.")))
    return rows


def _check(fields: dict, line: int, seen: dict, report: ImportReport) -> None:
    if not fields["name"]:
        report.errors.append((line, "name", _("A name is required.")))
    elif len(fields["name"]) > 120:
        report.errors.append((line, "name", _("At most 120 characters.")))
    elif fold(fields["name"]) in seen:
        report.errors.append((line, "name", _("Same name as line %(n)d.",
                                              n=seen[fold(fields["name"])])))
    else:
        seen[fold(fields["name"])] = line
    if not fields["definition"]:
        report.errors.append((line, "definition", _("A definition is required.")))
    if fields["owner_team"] not in TEAMS:
        report.errors.append((line, "owner_team", _("Use marketing or sales.")))
