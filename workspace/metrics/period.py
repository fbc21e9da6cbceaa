"""The periods figures count over: whole months of the workspace, in its zone (a month, a
quarter, a half-year, a year). And which month a figures page (metrics, lead feedback) shows
when none is asked for: the latest with leads, never an empty month just begun."""

import re
from dataclasses import dataclass
from datetime import datetime

from flask import request
from sqlalchemy import select

from workspace.extensions import db
from workspace.leads.models import LeadMonth
from workspace.months import Month, ShownMonth, shown_month

_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})|-Q([1-4])|-H([12]))?")


@dataclass(frozen=True)
class Period:
    """Consecutive whole months, oldest first; its UTC range runs from the first one's start
    to the last one's end."""

    months: tuple[Month, ...]

    @classmethod
    def of(cls, first: Month, count: int = 1) -> "Period":
        if count < 1:
            raise ValueError("A period holds at least one month.")
        return cls(tuple(first.shifted(index) for index in range(count)))

    @classmethod
    def ending(cls, last: Month, count: int) -> "Period":
        """`count` months up to and including `last`."""
        return cls.of(last.shifted(1 - count), count)

    @classmethod
    def parse(cls, text: str, zone: str) -> "Period":
        """ "2026-03" (a month), "2026-Q1" (a quarter), "2026-H2" (a half-year) or "2026" (a
        year), in the workspace's zone `zone`."""
        match = _PERIOD.fullmatch(text or "")
        if match and 2000 <= int(match[1]) <= 2100:
            month, quarter, half = match[2], match[3], match[4]
            first, count = ((int(month), 1) if month else (3 * int(quarter) - 2, 3) if quarter
                            else (6 * int(half) - 5, 6) if half else (1, 12))
            if 1 <= first <= 12:
                return cls.of(Month.of(int(match[1]), first, zone), count)
        raise ValueError(f"Not a period: {text!r}; use YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY.")

    @property
    def labels(self) -> list[str]:
        return [month.label for month in self.months]

    @property
    def start(self) -> datetime:
        return self.months[0].start

    @property
    def end(self) -> datetime:
        return self.months[-1].end


def latest_months_with_leads(upto: str) -> list[str]:
    """The two latest "YYYY-MM" up to `upto` with leads handed over, newest first: one read
    of the sums' key."""
    return list(db.session.scalars(select(LeadMonth.month).distinct()
                                   .where(LeadMonth.month <= upto, LeadMonth.leads > 0)
                                   .order_by(LeadMonth.month.desc()).limit(2)))


def page_month() -> ShownMonth:
    """The month in the query string, else the latest month with leads."""
    return shown_month(request.args.get("month"), latest_months_with_leads)
