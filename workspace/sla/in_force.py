"""Which signed SLA version is in force at a moment, as the agreement log records it.

The log's took_effect entries say which version took effect when: what both heads signed. A
version marked signed, or re-dated, in the versions table alone never comes into force. The
version a lead is judged by must also prove itself (workspace.sla.verification): one that does
not judges no lead until its record is restored (`Unverified`).
"""

import json
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from workspace import clock
from workspace.extensions import db
from workspace.sla.models import AgreementEvent, AgreementVersion


@dataclass(frozen=True, order=True)
class Start:
    """A version taking effect, as the log states it; later starts, then higher numbers, win."""

    at: datetime
    number: int


class Unverified(Exception):
    """The version in force does not prove itself: nothing may be judged by it."""

    def __init__(self, number: int):
        super().__init__(_("SLA version %(n)s, in force at this hand-off, does not prove itself "
                           "(see the SLA page). No lead is judged by it until its record is "
                           "restored; nothing was saved.", n=number))
        self.number = number


def starts(log: Sequence[AgreementEvent] | None = None) -> list[Start]:
    """Every start the log records, earliest first (from `log` when it is read already)."""
    if log is None:
        from workspace.data_version import once_per_commit

        return once_per_commit("sla_starts", lambda: _parsed(db.session.scalars(
            select(AgreementEvent.body).where(AgreementEvent.event == "took_effect"))))
    return _parsed(entry.body for entry in log if entry.event == "took_effect")


def _parsed(bodies) -> list[Start]:
    found = []
    for body in bodies:
        start = _start(body)
        if start is not None:
            found.append(start)
    return sorted(found)


def number_at(schedule: Sequence[Start], at: datetime) -> int | None:
    index = bisect_right(schedule, Start(at, 2**63)) - 1
    return schedule[index].number if index >= 0 else None


def version_in_force(at: datetime | None = None) -> AgreementVersion | None:
    """The version the log says is in force at `at` (now), as the versions table holds it;
    whether it still proves itself is for the pages to show (verification)."""
    number = number_at(starts(), at or clock.now())
    if number is None:
        return None
    return db.session.scalar(select(AgreementVersion).where(AgreementVersion.number == number))


def versions_in_force(moments: Sequence[datetime]) -> list[AgreementVersion | None]:
    """The version in force at each moment, from one read of the log and one of the versions."""
    schedule = starts()
    numbers = [number_at(schedule, at) for at in moments]
    wanted = {number for number in numbers if number is not None}
    rows = {version.number: version for version in db.session.scalars(
        select(AgreementVersion).where(AgreementVersion.number.in_(wanted)))} if wanted else {}
    return [rows.get(number) for number in numbers]


class VersionsInForce:
    """The versions that judge leads, read once for many: each by when the log says it took
    effect, and only while it proves itself."""

    def __init__(self):
        from workspace.sla.services import all_versions
        from workspace.sla.verification import verify

        versions = all_versions()
        self.report = verify(versions)
        self.schedule = starts(self.report.log)
        self.by_number = {version.number: version for version in versions}

    def judge_at(self, handed_over_at: datetime) -> AgreementVersion | None:
        """The version in force at that moment (None: none was); `Unverified` if it cannot
        be trusted to judge."""
        number = number_at(self.schedule, handed_over_at)
        if number is None:
            return None
        version = self.by_number.get(number)
        if version is None or not self.report.intact(number):
            raise Unverified(number)
        return version


def _start(body: str) -> Start | None:
    try:
        fields = json.loads(body)
        return Start(datetime.fromisoformat(fields["effective_from"]), int(fields["version"]))
    except (ValueError, TypeError, KeyError):
        return None  # an entry that no longer parses: the chain check names it
