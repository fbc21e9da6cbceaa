"""What an import will do, shown before anything is stored: how many leads qualify as MQL
under the SLA in force (judged at staging by the intake's own code), the rules a missing
column makes every lead fail, the columns the import does not use, the owners no rep answers
to."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from workspace import clock
from workspace.auth.models import User
from workspace.extensions import db
from workspace.leads.import_rows import owners_named, sales_people, unknown_owners
from workspace.leads.models import LeadImport, StagedLead
from workspace.sla.in_force import Unverified, VersionsInForce
from workspace.sla.models import AgreementVersion
from workspace.sla.rules import FIELDS, TEXT, check, describe

# The lead field each rule reads: the rule counts days since the last engagement's date.
READS = {"days_since_engagement": "last_engaged_at"}


def reads(rule_field: str) -> str:
    return READS.get(rule_field, rule_field)


def fails_when_missing(rule: dict) -> bool:
    """Whether a lead without this rule's value fails it, by the SLA's own check (text fields
    are stored empty, so "country is not es" holds for them)."""
    empty = "" if FIELDS[rule["field"]][0] == TEXT else None
    moment = clock.now()
    qualifies, _reasons = check([rule], {reads(rule["field"]): empty}, moment)
    return not qualifies


@dataclass(frozen=True)
class RuleGap:
    """A rule every lead fails because no row has its value."""

    rule: dict
    column: str | None  # the heading of the column mapped to the field, empty in every row
    leads: int

    def words(self, currency: str) -> str:
        field, rule = _field_words(self.rule["field"]), describe(self.rule, currency)
        if self.column is None:
            return ngettext("No column gives the %(field)s: the lead will fail the rule "
                            "“%(rule)s”.",
                            "No column gives the %(field)s: all %(num)d leads will fail the "
                            "rule “%(rule)s”.", self.leads, field=field, rule=rule)
        return ngettext("The column “%(column)s” (the %(field)s) is empty: the lead will fail "
                        "the rule “%(rule)s”.",
                        "The column “%(column)s” (the %(field)s) is empty in every row: all "
                        "%(num)d leads will fail the rule “%(rule)s”.", self.leads,
                        column=self.column, field=field, rule=rule)


def _field_words(rule_field: str) -> str:
    if rule_field == "days_since_engagement":
        return _("date of the last engagement")
    if rule_field == "employees":
        return _("number of employees")
    return str(FIELDS[rule_field][1])


def unmapped_rules(batch: LeadImport, now: datetime | None = None) -> list[RuleGap]:
    """Before checking: the rules of the SLA in force today that read a field no column gives."""
    try:
        version = VersionsInForce().judge_at(now or clock.now())
    except Unverified:
        return []  # checking the file says so, row by row
    if version is None:
        return []
    return [RuleGap(rule, None, batch.total_rows) for rule in version.mql_rules
            if reads(rule["field"]) not in batch.mapping and fails_when_missing(rule)]


def rule_gaps(batch: LeadImport) -> list[RuleGap]:
    """After checking: for each field no staged row has, every rule reading it, with the
    number of leads judged by a version holding that rule. One query for the counts."""
    targets = sorted({reads(field) for field in FIELDS})
    filled = [func.count(func.nullif(getattr(StagedLead, name), ""))
              if FIELDS.get(name, ("",))[0] == TEXT else func.count(getattr(StagedLead, name))
              for name in targets]
    groups = db.session.execute(
        select(StagedLead.sla_version, func.count(), *filled)
        .where(StagedLead.import_id == batch.id, StagedLead.sla_version.is_not(None))
        .group_by(StagedLead.sla_version)).all()
    empty = {name for i, name in enumerate(targets) if not any(g[2 + i] for g in groups)}
    if not empty:
        return []
    versions = db.session.scalars(select(AgreementVersion).where(
        AgreementVersion.number.in_([g[0] for g in groups])))
    rules = {version.number: version.mql_rules for version in versions}
    found: dict[str, tuple[dict, int]] = {}
    for number, leads, *_counts in groups:
        for rule in rules.get(number, []):
            if reads(rule["field"]) in empty and fails_when_missing(rule):
                key = repr(sorted(rule.items()))
                found[key] = (rule, found.get(key, (rule, 0))[1] + leads)
    return [RuleGap(rule, _heading(batch, reads(rule["field"])), leads)
            for rule, leads in found.values()]


def _heading(batch: LeadImport, target: str) -> str | None:
    index = batch.mapping.get(target)
    return None if index is None else batch.headers[index] or _("column %(n)d", n=index + 1)


def unused_columns(batch: LeadImport) -> list[str]:
    """The file's columns the import reads nothing from, by heading (or position)."""
    used = set(batch.mapping.values())
    return [header or _("column %(n)d", n=index + 1)
            for index, header in enumerate(batch.headers) if index not in used]


@dataclass(frozen=True)
class UnknownOwner:
    key: str  # the folded name
    name: str  # as the file first writes it
    lines: list[int]

    @property
    def field(self) -> str:
        """The confirm form's field for this name: stable whatever else the file holds."""
        return "owner_" + hashlib.sha256(self.key.encode()).hexdigest()[:16]


def owners_to_choose(batch: LeadImport, people: list[User]) -> list[UnknownOwner]:
    """The owner names in the file that no rep answers to, in the order they first appear."""
    return [UnknownOwner(key, name, lines) for key, (name, lines)
            in unknown_owners(batch, owners_named(people)).items()]


@dataclass(frozen=True)
class Preview:
    new: int
    updated: int
    mqls: int
    unjudged: int  # rows no SLA version was in force for at their hand-off
    gaps: list[RuleGap]
    unused: list[str]
    owners: list[UnknownOwner]
    reps: list[User]


def preview(batch: LeadImport) -> Preview:
    """A checked, clean import as it would be published."""
    new, updated, mqls, unjudged = db.session.execute(select(
        func.count().filter(StagedLead.existing_lead_id.is_(None)),
        func.count().filter(StagedLead.existing_lead_id.is_not(None)),
        func.count().filter(StagedLead.is_mql.is_(True)),
        func.count().filter(StagedLead.is_mql.is_(None)))
        .where(StagedLead.import_id == batch.id)).one()
    people = sales_people()
    return Preview(new, updated, mqls, unjudged, rule_gaps(batch), unused_columns(batch),
                   owners_to_choose(batch, people), people)
