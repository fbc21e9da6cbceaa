"""One intake for leads, whichever way they arrive (form, CSV import, API): clean the values,
match a lead already known, judge it by the SLA in force at its hand-off, pick the next rep."""

from bisect import bisect_right
from datetime import datetime

from sqlalchemy import select

from workspace.auth.models import User
from workspace.extensions import db
from workspace.leads.models import Lead
from workspace.sla.models import AgreementVersion

# The most characters each text field keeps, for every way in.
TEXT_LIMITS = {"external_id": 100, "company": 200, "contact_name": 200, "email": 254,
               "phone": 50, "industry": 100, "country": 100, "source": 100, "campaign": 200}


def clean(values: dict) -> dict:
    """Text fields as stored: trimmed; email lower case; industry and country case-folded (the
    MQL rules compare them so); no external id rather than an empty one."""
    text = {name: str(values.get(name) or "").strip() for name in TEXT_LIMITS}
    text["external_id"] = text["external_id"] or None
    text["email"] = text["email"].lower() or None
    text["industry"], text["country"] = text["industry"].casefold(), text["country"].casefold()
    return {**values, **text}


def too_long(values: dict) -> list[tuple[str, int]]:
    """(field, limit) for each text field longer than it may be."""
    return [(name, limit) for name, limit in TEXT_LIMITS.items()
            if values.get(name) and len(values[name]) > limit]


def match_existing(rows: list[dict]) -> list[Lead | None]:
    """For each row, the lead it re-sends: by external id, else by email. Two queries."""
    by_external = _leads_by(Lead.external_id, [row.get("external_id") for row in rows])
    by_email = _leads_by(Lead.email, [row.get("email") for row in rows])
    return [by_external.get(row.get("external_id")) or by_email.get(row.get("email"))
            for row in rows]


def _leads_by(column, values: list) -> dict:
    wanted = {value for value in values if value}
    if not wanted:
        return {}
    found = db.session.scalars(select(Lead).where(column.in_(wanted)).order_by(Lead.id))
    return {getattr(lead, column.key): lead for lead in found}


class VersionsInForce:
    """The signed SLA versions by the time they took effect, read once for many leads."""

    def __init__(self):
        self.versions = list(db.session.scalars(select(AgreementVersion).where(
            AgreementVersion.status == "signed").order_by(AgreementVersion.effective_from,
                                                          AgreementVersion.number)))
        self.starts = [version.effective_from for version in self.versions]

    def judge_at(self, handed_over_at: datetime) -> AgreementVersion | None:
        """The version in force at that moment: it judges a lead handed over then."""
        index = bisect_right(self.starts, handed_over_at) - 1
        return self.versions[index] if index >= 0 else None


def active_reps() -> list[User]:
    """Who new leads go to: joined, active sales members, in a stable order."""
    return list(db.session.scalars(select(User).where(
        User.team == "sales", User.role == "member", User.kind == "person",
        User.deactivated_at.is_(None), User.joined_at.is_not(None)).order_by(User.id)))


class Rotation:
    """Round-robin among the active reps, starting after whoever got the latest lead."""

    def __init__(self):
        self.reps = active_reps()
        last = db.session.scalar(select(Lead.assigned_to_id).where(
            Lead.assigned_to_id.is_not(None)).order_by(Lead.id.desc()).limit(1))
        self.start = next((i for i, rep in enumerate(self.reps) if last is None or rep.id > last),
                          0)

    def next_rep(self, position: int = 0) -> User | None:
        """The rep for the lead at this position among those being handed over together."""
        return self.reps[(self.start + position) % len(self.reps)] if self.reps else None
