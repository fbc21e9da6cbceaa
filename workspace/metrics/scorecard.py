"""The SLA scorecard for a month, exactly as DESIGN.md defines it, in SQL.

Each lead is judged by the version in force at its hand-off: its deadlines and minimum attempts
were stored on it then, so every figure compares stored columns. The counts come from the
monthly sums kept with the leads (workspace.leads.stats); only the deadlines still ahead, and
the percentiles, are read from the leads themselves.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import case, func, select

from workspace.auth.models import User
from workspace.extensions import db
from workspace.leads.models import Lead, LeadMonth
from workspace.metrics.filters import NONE, Filters
from workspace.months import Month


@dataclass
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


@dataclass
class RepScore:
    rep: User | None
    speed: Share
    persistence: Share
    feedback: Share


@dataclass
class Scorecard:
    start: datetime
    end: datetime
    delivered: int
    target: int | None
    accepted: int
    speed: Share
    persistence: Share
    feedback: Share
    p50_minutes: float | None = None
    p95_minutes: float | None = None
    by_rep: list[RepScore] = field(default_factory=list)
    by_source: list[tuple[str, str, int, int]] = field(default_factory=list)


def _sums(*names: str) -> list:
    return [func.coalesce(func.sum(getattr(LeadMonth, name)), 0).label(name) for name in names]


SHARES = ("speed_met", "speed_late", "speed_open", "persistence_met", "persistence_missed",
          "feedback_met", "feedback_late", "feedback_open")


def _shares(row, pending: tuple[int, int] = (0, 0)) -> tuple[Share, Share, Share]:
    """A share from the monthly sums: what is still open is missed, except the part whose
    deadline is still ahead (`pending`, counted live)."""
    speed_pending, feedback_pending = pending
    return (Share(row.speed_met, row.speed_late + row.speed_open - speed_pending,
                  speed_pending),
            Share(row.persistence_met, row.persistence_missed),
            Share(row.feedback_met, row.feedback_late + row.feedback_open - feedback_pending,
                  feedback_pending))


def _pending(now: datetime, group, where) -> dict:
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


def scorecard(month: Month, now: datetime, target: int | None,
              filters: Filters = NONE) -> Scorecard:
    """From the monthly sums (three small queries), the deadlines still ahead (two), the
    reps' names (one) and the first-contact percentiles over the month's leads (one)."""
    in_month = [LeadMonth.month == month.label, *filters.on(LeadMonth)]
    live = [Lead.handoff_month == month.label, *filters.on(Lead)]
    pending = _pending(now, func.coalesce(Lead.assigned_to_id, 0), live)
    totals = db.session.execute(select(*_sums("mqls", "mql_sqls", *SHARES))
                                .where(*in_month)).one()
    all_pending = tuple(sum(values) for values in zip(*pending.values(), strict=True)) \
        if pending else (0, 0)
    card = Scorecard(month.start, month.end, totals.mqls, target, totals.mql_sqls,
                     *_shares(totals, all_pending))
    card.p50_minutes, card.p95_minutes = _first_contact_percentiles(month, filters)
    rows = db.session.execute(select(LeadMonth.assigned_to_id, *_sums(*SHARES))
                              .where(*in_month).group_by(LeadMonth.assigned_to_id)
                              .having(func.sum(LeadMonth.mqls) > 0)).all()
    reps = {u.id: u for u in db.session.scalars(select(User).where(
        User.id.in_([r.assigned_to_id for r in rows if r.assigned_to_id])))} if rows else {}
    card.by_rep = sorted((RepScore(reps.get(r.assigned_to_id),
                                   *_shares(r, pending.get(r.assigned_to_id, (0, 0))))
                          for r in rows),
                         key=lambda score: score.rep.name if score.rep else "")
    mqls = func.sum(LeadMonth.mqls)
    card.by_source = [tuple(r) for r in db.session.execute(
        select(LeadMonth.source, LeadMonth.campaign, mqls, func.sum(LeadMonth.mql_sqls))
        .where(*in_month).group_by(LeadMonth.source, LeadMonth.campaign)
        .having(mqls > 0).order_by(mqls.desc(), LeadMonth.source, LeadMonth.campaign)).all()]
    return card


def _first_contact_percentiles(month: Month, filters: Filters) -> tuple[float | None,
                                                                        float | None]:
    """Nearest-rank p50 and p95 of minutes to first contact, with window functions over the
    month's stored whole seconds (an index range, no arithmetic per row)."""
    seconds = Lead.first_contact_seconds
    ranked = select(seconds.label("delay"), func.row_number().over(order_by=seconds)
                    .label("rank"), func.count().over().label("total")).where(
        Lead.handoff_month == month.label, Lead.is_mql.is_(True), seconds.is_not(None),
        *filters.on(Lead)).subquery()
    # Nearest rank: the delay at the smallest rank r with r >= total * p / 100. Delays grow
    # with the rank, so that is the smallest delay past the threshold: one pass for both.
    row = db.session.execute(select(
        func.min(case((ranked.c.rank * 100 >= ranked.c.total * 50, ranked.c.delay))),
        func.min(case((ranked.c.rank * 100 >= ranked.c.total * 95, ranked.c.delay))))).one()
    return tuple(value / 60 if value is not None else None for value in row)


class TrendMonth(NamedTuple):
    """One month of the trend: the SLA figures of the leads handed over in it, and the deals
    it counts (won from its hand-offs, or closed in it: `deals`)."""

    label: str
    delivered: int
    speed: Share
    persistence: Share
    feedback: Share
    won: int = 0
    revenue: int = 0  # cents


def trend(months: list[Month], now: datetime, filters: Filters = NONE,
          deals: str = "closed") -> list[TrendMonth]:
    """Several months, oldest first: one query over the monthly sums, two over the deadlines
    still ahead, and one over the deals closed in those months when `deals` is "closed"."""
    if not months:
        return []
    labels = [month.label for month in months]
    rows = db.session.execute(
        select(LeadMonth.month, *_sums("mqls", "won", "revenue", *SHARES))
        .where(LeadMonth.month.in_(labels), *filters.on(LeadMonth))
        .group_by(LeadMonth.month)).all()
    pending = _pending(now, Lead.handoff_month,
                       [Lead.handoff_month.in_(labels), *filters.on(Lead)])
    found = {row.month: row for row in rows}
    closed = _closed_by_month(months, filters) if deals == "closed" else {}
    result = []
    for label in labels:
        row = found.get(label)
        if row is None:
            result.append(TrendMonth(label, 0, Share(), Share(), Share(),
                                     *closed.get(label, (0, 0))))
            continue
        won = closed.get(label, (0, 0)) if deals == "closed" else (row.won, row.revenue)
        result.append(TrendMonth(label, row.mqls, *_shares(row, pending.get(label, (0, 0))),
                                 *won))
    return result


def _closed_by_month(months: list[Month], filters: Filters) -> dict[str, tuple[int, int]]:
    """Deals won in each month, and their value: one range read of the (status, closed_at)
    index, each deal put in its month by comparing with the months' bounds."""
    which = case(*((Lead.closed_at < month.end, month.label) for month in months))
    deals = select(which.label("month"), Lead.deal_value).where(
        Lead.status == "won", Lead.closed_at >= months[0].start,
        Lead.closed_at < months[-1].end, *filters.on(Lead)).subquery()
    rows = db.session.execute(
        select(deals.c.month, func.count(), func.coalesce(func.sum(deals.c.deal_value), 0))
        .group_by(deals.c.month)).all()
    return {label: (int(count), int(cents)) for label, count, cents in rows}
