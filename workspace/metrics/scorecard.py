"""The SLA scorecard for a month, exactly as DESIGN.md defines it, in SQL: the month's totals
from its sums (metrics.sums), and its breakdowns per rep and per source, and the percentiles of
the first contact, read from the monthly sums and the month's leads.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from workspace.auth.models import User
from workspace.extensions import db
from workspace.leads.models import Lead, LeadMonth
from workspace.metrics.filters import NONE, Filters
from workspace.metrics.percentiles import nearest_rank
from workspace.metrics.sums import (
    HANDOFF,
    SHARES,
    MonthSums,
    Share,
    monthly_sums,
    pending_by,
    shares,
    sum_of,
)
from workspace.months import Month


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


def scorecard(month: Month, now: datetime, target: int | None, filters: Filters = NONE,
              sums: MonthSums | None = None) -> Scorecard:
    """The month's totals from its sums (three small queries, unless the caller has read them
    with other months), the reps' shares (three) and names (one), the MQLs per source (one)
    and the first-contact percentiles over the month's leads (one)."""
    # The card counts no deals: the cohort's come with the sums, the closed ones are not read.
    totals = sums or monthly_sums([month], now, filters, HANDOFF)[0]
    card = Scorecard(month.start, month.end, totals.delivered, target, totals.accepted,
                     totals.speed, totals.persistence, totals.feedback)
    in_month = [LeadMonth.month == month.label, *filters.on(LeadMonth)]
    pending = pending_by(now, func.coalesce(Lead.assigned_to_id, 0),
                         [Lead.handoff_month == month.label, *filters.on(Lead)])
    card.p50_minutes, card.p95_minutes = _first_contact_percentiles(month, filters)
    rows = db.session.execute(select(LeadMonth.assigned_to_id, *sum_of(*SHARES))
                              .where(*in_month).group_by(LeadMonth.assigned_to_id)
                              .having(func.sum(LeadMonth.mqls) > 0)).all()
    reps = {u.id: u for u in db.session.scalars(select(User).where(
        User.id.in_([r.assigned_to_id for r in rows if r.assigned_to_id])))} if rows else {}
    card.by_rep = sorted((RepScore(reps.get(r.assigned_to_id),
                                   *shares(r, pending.get(r.assigned_to_id, (0, 0))))
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
    """Nearest-rank p50 and p95 of minutes to first contact, over the month's stored whole
    seconds (an index range, no arithmetic per row)."""
    row = db.session.execute(nearest_rank(
        Lead.first_contact_seconds, [Lead.handoff_month == month.label, Lead.is_mql.is_(True),
                                     *filters.on(Lead)], (50, 95))).one()
    return tuple(value / 60 if value is not None else None for value in row)
