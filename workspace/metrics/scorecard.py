"""The SLA scorecard for a month, exactly as DESIGN.md defines it, in SQL.

Each lead is judged by the version in force at its hand-off: its deadlines and minimum attempts
were stored on it then, so every figure compares stored columns. The month is a UTC range.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select

from workspace.auth.models import User
from workspace.extensions import db
from workspace.leads.models import Lead
from workspace.sqltime import seconds_between

CLOSED_NEGATIVE = ("disqualified", "lost")
ACCEPTED = ("accepted", "won", "lost")


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


def _conditions(now: datetime):
    speed_met = and_(Lead.first_attempt_at.is_not(None),
                     Lead.first_attempt_at <= Lead.first_contact_due_at)
    speed_missed = or_(Lead.first_attempt_at > Lead.first_contact_due_at,
                       and_(Lead.first_attempt_at.is_(None), Lead.first_contact_due_at < now))
    speed_pending = and_(Lead.first_attempt_at.is_(None), Lead.first_contact_due_at >= now)
    negative = Lead.status.in_(CLOSED_NEGATIVE)
    persist_met = and_(negative, Lead.attempts_count >= func.coalesce(Lead.min_attempts, 0))
    persist_missed = and_(negative, Lead.attempts_count < func.coalesce(Lead.min_attempts, 0))
    feedback_met = and_(Lead.first_rated_at.is_not(None),
                        Lead.first_rated_at <= Lead.feedback_due_at)
    feedback_missed = or_(Lead.first_rated_at > Lead.feedback_due_at,
                          and_(Lead.first_rated_at.is_(None), Lead.feedback_due_at < now))
    feedback_pending = and_(Lead.first_rated_at.is_(None), Lead.feedback_due_at >= now)
    return [speed_met, speed_missed, speed_pending, persist_met, persist_missed, feedback_met,
            feedback_missed, feedback_pending]


def _counts(now: datetime):
    return [func.sum(case((condition, 1), else_=0)) for condition in _conditions(now)]


def _shares(row) -> tuple[Share, Share, Share]:
    values = [int(v or 0) for v in row]
    return (Share(values[0], values[1], values[2]), Share(values[3], values[4]),
            Share(values[5], values[6], values[7]))


def lead_filters(source: str | None = None, campaign: str | None = None,
                 rep_id: int | None = None) -> list:
    """Conditions narrowing every metric to a source, a campaign or a rep."""
    conditions = []
    if source:
        conditions.append(Lead.source == source)
    if campaign:
        conditions.append(Lead.campaign == campaign)
    if rep_id:
        conditions.append(Lead.assigned_to_id == rep_id)
    return conditions


def scorecard(start: datetime, end: datetime, now: datetime, target: int | None,
              filters: list | None = None) -> Scorecard:
    """Six queries, whatever the number of leads."""
    mql = and_(Lead.is_mql.is_(True), Lead.handed_over_at >= start, Lead.handed_over_at < end,
               *(filters or []))
    totals = db.session.execute(select(
        func.count(Lead.id), func.sum(case((Lead.status.in_(ACCEPTED), 1), else_=0)),
        *_counts(now)).where(mql)).one()
    speed, persistence, feedback = _shares(totals[2:])
    card = Scorecard(start, end, totals[0] or 0, target, int(totals[1] or 0), speed,
                     persistence, feedback)
    card.p50_minutes, card.p95_minutes = _first_contact_percentiles(mql)
    rows = db.session.execute(select(Lead.assigned_to_id, *_counts(now)).where(mql)
                              .group_by(Lead.assigned_to_id)).all()
    reps = {u.id: u for u in db.session.scalars(select(User).where(
        User.id.in_([r[0] for r in rows if r[0]])))} if rows else {}
    card.by_rep = sorted((RepScore(reps.get(r[0]), *_shares(r[1:])) for r in rows),
                         key=lambda score: score.rep.name if score.rep else "")
    card.by_source = [tuple(r) for r in db.session.execute(
        select(Lead.source, Lead.campaign, func.count(Lead.id),
               func.sum(case((Lead.status.in_(ACCEPTED), 1), else_=0)))
        .where(mql).group_by(Lead.source, Lead.campaign)
        .order_by(func.count(Lead.id).desc())).all()]
    return card


def _first_contact_percentiles(mql) -> tuple[float | None, float | None]:
    """Nearest-rank p50 and p95 of minutes to first contact, with window functions."""
    dialect = db.session.get_bind().dialect.name
    delay = seconds_between(Lead.handed_over_at, Lead.first_attempt_at, dialect)
    ranked = select(delay.label("delay"), func.row_number().over(order_by=delay).label("rank"),
                    func.count().over().label("total")).where(
        mql, Lead.first_attempt_at.is_not(None)).subquery()
    # Nearest rank: the delay at the smallest rank r with r >= total * p / 100. Delays grow
    # with the rank, so that is the smallest delay past the threshold: one pass for both.
    row = db.session.execute(select(
        func.min(case((ranked.c.rank * 100 >= ranked.c.total * 50, ranked.c.delay))),
        func.min(case((ranked.c.rank * 100 >= ranked.c.total * 95, ranked.c.delay))))).one()
    return tuple(round(value) / 60 if value is not None else None for value in row)


def trend(months: list[tuple[str, datetime, datetime]], now: datetime,
          filters: list | None = None) -> list[tuple]:
    """(month, delivered, speed, persistence, feedback) for several months in one query:
    a CASE puts each lead in its month's UTC range, then it groups."""
    if not months:
        return []
    bucket = case(*[(and_(Lead.handed_over_at >= start, Lead.handed_over_at < end), label)
                    for label, start, end in months], else_=None)
    rows = db.session.execute(
        select(bucket.label("month"), func.count(Lead.id), *_counts(now))
        .where(Lead.is_mql.is_(True), Lead.handed_over_at >= months[0][1],
               Lead.handed_over_at < months[-1][2], *(filters or []))
        .group_by(bucket)).all()
    found = {row[0]: row for row in rows}
    result = []
    for label, _, _ in months:
        row = found.get(label)
        if row is None:
            result.append((label, 0, Share(), Share(), Share()))
        else:
            result.append((label, row[1], *_shares(row[2:])))
    return result
