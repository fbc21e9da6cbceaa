"""The sums every figure is computed from, month by month, for a slice of leads: the monthly
lead sums (workspace.leads.stats), the deadlines still ahead (counted live), the deals counted
and the slice's spend (metrics.slices). A period's figures add up its months. The catalog, the
scorecard, the trend and the money all read them here, so each count has one definition.

Each lead is judged by the version in force at its hand-off: its deadlines and minimum attempts
were stored on it then, so every share compares stored columns. Deals count either the leads
handed over in the month that were won (`HANDOFF`, a cohort) or the deals closed in it
(`CLOSED`)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import add
from types import SimpleNamespace
from typing import NamedTuple

from sqlalchemy import case, func, select

from workspace.extensions import db
from workspace.leads.models import Lead, LeadMonth
from workspace.metrics.filters import NONE, Filters
from workspace.metrics.funnel import FunnelRow
from workspace.metrics.period import Period
from workspace.metrics.slices import IN, SPLIT, SpendLine, spend_by_month
from workspace.months import Month

HANDOFF, CLOSED = "handoff", "closed"
DEALS = (CLOSED, HANDOFF)  # the first is what a page counts unless asked


def won_in(period: Period, deals: str) -> list:
    """The won leads a period counts: of its hand-offs, or closed in it."""
    if deals == CLOSED:
        return [Lead.status == "won", Lead.closed_at >= period.start, Lead.closed_at < period.end]
    return [Lead.status == "won", Lead.handoff_month.in_(period.labels)]


@dataclass(frozen=True)
class Share:
    met: int = 0
    missed: int = 0
    pending: int = 0

    @property
    def rate(self) -> float | None:
        judged = self.met + self.missed
        return self.met / judged if judged else None

    def as_dict(self) -> dict:
        return {"met": self.met, "missed": self.missed, "pending": self.pending,
                "rate": self.rate}

    def __add__(self, other: "Share") -> "Share":
        return Share(self.met + other.met, self.missed + other.missed,
                     self.pending + other.pending)


class MonthSums(NamedTuple):
    """A month's sums (or a period's, added up) for a slice of leads. The SLA figures and the
    funnel count the leads handed over in it; `won` and `revenue` the deals it counts."""

    label: str
    delivered: int  # MQLs handed over
    speed: Share
    persistence: Share
    feedback: Share
    won: int = 0  # closed in the month, or won from its hand-offs (`deals`)
    revenue: int = 0  # cents
    leads: int = 0
    sqls: int = 0  # accepted by sales, MQLs or not
    accepted: int = 0  # MQLs accepted by sales
    cohort_won: int = 0  # won from the month's hand-offs, whichever deals are counted
    cohort_revenue: int = 0
    spend: tuple[SpendLine, ...] = ()  # entered for the slice (read only when asked)
    split: tuple[SpendLine, ...] = ()  # paid for leads both inside and outside the slice

    @property
    def marketing_spend(self) -> int:
        return sum(line.amount for line in self.spend if line.team == "marketing")

    @property
    def sales_cost(self) -> int:
        return sum(line.amount for line in self.spend if line.team != "marketing")

    @property
    def funnel(self) -> FunnelRow:
        """The hand-offs as a funnel: leads → MQLs → SQLs → won so far."""
        return FunnelRow("", "", self.leads, self.delivered, self.sqls, self.cohort_won,
                         self.cohort_revenue)


def added(months: Sequence[MonthSums]) -> MonthSums:
    """Several months' sums as one, labelled "2026-01/2026-03": counts, shares and amounts add
    up, spend lines gather."""
    label = "/".join(dict.fromkeys((months[0].label, months[-1].label)))
    return MonthSums(label, *(reduce(add, values) for values in
                              list(zip(*months, strict=True))[1:]))


def sum_of(*names: str) -> list:
    """Columns adding up the monthly lead sums' counters of these names, 0 when none."""
    return [func.coalesce(func.sum(getattr(LeadMonth, name)), 0).label(name) for name in names]


SHARES = ("speed_met", "speed_late", "speed_open", "persistence_met", "persistence_missed",
          "feedback_met", "feedback_late", "feedback_open")
_COUNTS = ("leads", "mqls", "sqls", "mql_sqls", "won", "revenue", *SHARES)
_NONE_HANDED_OVER = SimpleNamespace(**dict.fromkeys(_COUNTS, 0))


def shares(row, pending: tuple[int, int] = (0, 0)) -> tuple[Share, Share, Share]:
    """Speed, persistence and feedback from the monthly sums: what is still open is missed,
    except the part whose deadline is still ahead (`pending`, counted live)."""
    speed_pending, feedback_pending = pending
    return (Share(row.speed_met, row.speed_late + row.speed_open - speed_pending,
                  speed_pending),
            Share(row.persistence_met, row.persistence_missed),
            Share(row.feedback_met, row.feedback_late + row.feedback_open - feedback_pending,
                  feedback_pending))


def pending_by(now: datetime, group, where) -> dict:
    """MQLs whose first contact or feedback is not due yet, by `group` (the hand-off month
    is always among `where`): two range reads of the (month, deadline) indexes, whatever the
    number of leads."""
    counts: dict = {}
    for position, (done, due) in enumerate(((Lead.first_attempt_at, Lead.first_contact_due_at),
                                            (Lead.first_rated_at, Lead.feedback_due_at))):
        rows = db.session.execute(
            select(group, func.count().filter(Lead.is_mql.is_(True), done.is_(None)))
            .where(due >= now, *where).group_by(group))
        for key, count in rows:
            counts.setdefault(key, [0, 0])[position] = int(count)
    return {key: tuple(pair) for key, pair in counts.items()}


def monthly_sums(months: Sequence[Month], now: datetime, filters: Filters = NONE,
                 deals: str = CLOSED, spend: bool = False) -> list[MonthSums]:
    """Each month's sums, oldest first: one query over the monthly lead sums, two over the
    deadlines still ahead, one over the deals closed in those months when `deals` is CLOSED,
    and with `spend` two over the spend and what it paid for; whatever the number of months."""
    if not months:
        return []
    period = Period(tuple(months))
    rows = {row.month: row for row in db.session.execute(
        select(LeadMonth.month, *sum_of(*_COUNTS))
        .where(LeadMonth.month.in_(period.labels), *filters.on(LeadMonth))
        .group_by(LeadMonth.month))}
    pending = pending_by(now, Lead.handoff_month,
                         [Lead.handoff_month.in_(period.labels), *filters.on(Lead)])
    closed = _closed_by_month(period, filters) if deals == CLOSED else {}
    lines = spend_by_month(period.labels) if spend else {}
    result = []
    for label in period.labels:
        row = rows.get(label, _NONE_HANDED_OVER)
        won = closed.get(label, (0, 0)) if deals == CLOSED else (row.won, row.revenue)
        placed = [(line, line.place(filters)) for line in lines.get(label, [])]
        result.append(MonthSums(
            label, row.mqls, *shares(row, pending.get(label, (0, 0))), *won, leads=row.leads,
            sqls=row.sqls, accepted=row.mql_sqls, cohort_won=row.won,
            cohort_revenue=row.revenue, spend=tuple(line for line, at in placed if at == IN),
            split=tuple(line for line, at in placed if at == SPLIT)))
    return result


def _closed_by_month(period: Period, filters: Filters) -> dict[str, tuple[int, int]]:
    """Deals won in each month, and their value: one range read of the (status, closed_at)
    index, each deal put in its month by comparing with the months' bounds."""
    which = case(*((Lead.closed_at < month.end, month.label) for month in period.months))
    deals = select(which.label("month"), Lead.deal_value).where(
        *won_in(period, CLOSED), *filters.on(Lead)).subquery()
    rows = db.session.execute(
        select(deals.c.month, func.count(), func.coalesce(func.sum(deals.c.deal_value), 0))
        .group_by(deals.c.month)).all()
    return {label: (int(count), int(cents)) for label, count, cents in rows}
