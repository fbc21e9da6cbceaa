"""The monthly lead figures (LeadMonth), kept in the same transaction as the leads they sum.

Every monthly figure of the metrics and the feedback view is a sum over the leads handed over
in a month, grouped by rep, source and campaign. COUNTERS says once what each sum counts. An
ORM flush that inserts, changes or deletes leads reads what the changed leads count for
before it writes them, reads it again after, and upserts the difference in key order, in
the same transaction, so no service can forget it; the bulk statements of a CSV import and
an API batch do the same around themselves, and a change of the workspace's time zone
rebuilds everything. What depends on the clock (a deadline not yet passed) is not summed
here: the scorecard counts it live, from the few leads whose deadlines are still ahead.
tests/test_lead_stats.py proves the table equal to grouping the leads live.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, case, delete, event, func, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from workspace import clock
from workspace.leads.models import Lead, LeadMonth, StagedLead
from workspace.months import month_range, shift
from workspace.sqltime import whole_seconds, whole_seconds_between

ACCEPTED = ("accepted", "won", "lost")
NEGATIVE = ("disqualified", "lost")
# The lead columns a change of which can move a lead's contribution.
COUNTED = ("handoff_month", "assigned_to_id", "assigned_to", "source", "campaign", "is_mql",
           "status",
           "deal_value", "first_rated_at", "rating", "first_attempt_at", "first_contact_due_at",
           "feedback_due_at", "attempts_count", "min_attempts")
KEY = ("month", "assigned_to_id", "source", "campaign")


def _when(condition, value=1):
    return case((condition, value), else_=0)


_mql = Lead.is_mql.is_(True)
_negative = and_(_mql, Lead.status.in_(NEGATIVE))
COUNTERS = {
    "leads": 1,
    "mqls": _when(_mql),
    "sqls": _when(Lead.status.in_(ACCEPTED)),
    "mql_sqls": _when(and_(_mql, Lead.status.in_(ACCEPTED))),
    "won": _when(Lead.status == "won"),
    "revenue": _when(Lead.status == "won", func.coalesce(Lead.deal_value, 0)),
    "rated": _when(Lead.first_rated_at.is_not(None)),
    "rating_sum": func.coalesce(Lead.rating, 0),
    "rating_count": _when(Lead.rating.is_not(None)),
    "speed_met": _when(and_(_mql, Lead.first_attempt_at <= Lead.first_contact_due_at)),
    "speed_late": _when(and_(_mql, Lead.first_attempt_at > Lead.first_contact_due_at)),
    # not contacted: missed once the deadline passes, pending until then (counted live)
    "speed_open": _when(and_(_mql, Lead.first_attempt_at.is_(None),
                             Lead.first_contact_due_at.is_not(None))),
    "persistence_met": _when(and_(_negative,
                                  Lead.attempts_count >= func.coalesce(Lead.min_attempts, 0))),
    "persistence_missed": _when(and_(_negative,
                                     Lead.attempts_count < func.coalesce(Lead.min_attempts, 0))),
    "feedback_met": _when(and_(_mql, Lead.first_rated_at <= Lead.feedback_due_at)),
    "feedback_late": _when(and_(_mql, Lead.first_rated_at > Lead.feedback_due_at)),
    "feedback_open": _when(and_(_mql, Lead.first_rated_at.is_(None),
                                Lead.feedback_due_at.is_not(None))),
}


def month_of(moment: datetime, zone: str) -> str:
    """The "YYYY-MM" a moment falls in, in the workspace's time zone."""
    local = moment.astimezone(ZoneInfo(zone)) if moment.tzinfo else \
        moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))
    return f"{local.year:04d}-{local.month:02d}"


def contribution(where, counters: dict = COUNTERS):
    """The counters of the leads matching `where`, grouped by LeadMonth's key."""
    rep = func.coalesce(Lead.assigned_to_id, 0)
    sums = [func.count() if isinstance(expression, int) else func.sum(expression)
            for expression in counters.values()]
    return (select(Lead.handoff_month, rep, Lead.source, Lead.campaign, *sums)
            .where(where, Lead.handoff_month.is_not(None))
            .group_by(Lead.handoff_month, rep, Lead.source, Lead.campaign))


Sums = dict[tuple, list[int]]  # LeadMonth key -> counters, in the order of COUNTERS


def sums_of(connection: Connection, where) -> Sums:
    return {tuple(row[:4]): [int(value or 0) for value in row[4:]]
            for row in connection.execute(contribution(where))}


def combined(*parts: Sums, sign: int = 1) -> Sums:
    """The parts added key by key (subtracted after the first with sign=-1)."""
    total: Sums = {}
    for index, part in enumerate(parts):
        factor = sign if index else 1
        for key, values in part.items():
            kept = total.setdefault(key, [0] * len(values))
            total[key] = [a + factor * b for a, b in zip(kept, values, strict=True)]
    return total


def change(new: Sums, old: Sums) -> Sums:
    """What turns `old` into `new`, key by key."""
    return combined(new, old, sign=-1)


def add(connection: Connection, where) -> None:
    apply(connection, sums_of(connection, where))


def apply(connection: Connection, delta: Sums) -> None:
    """Upsert the changes in key order: a key seen for the first time gets a row, a known one
    adds to its counters. Every writer locks the rows it changes in that same order, so two
    transactions changing the same keys on PostgreSQL queue instead of deadlocking."""
    rows = [dict(zip((*KEY, *COUNTERS), (*key, *values), strict=True))
            for key, values in sorted(delta.items()) if any(values)]
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), 500):  # within SQLite's limit on bound parameters
        statement = dialect.insert(LeadMonth).values(rows[start:start + 500])
        connection.execute(statement.on_conflict_do_update(
            index_elements=list(KEY),
            set_={name: getattr(LeadMonth, name) + statement.excluded[name]
                  for name in COUNTERS}))


def rebuild(connection: Connection, zone: str) -> None:
    """Every lead's (and staged lead's) hand-off month in `zone`, then the whole table from
    the leads: after a change of time zone or a migration."""
    for model in (Lead, StagedLead):
        set_months(connection, model, zone)
    resum(connection)


def fill_first_contact_seconds(connection: Connection) -> None:
    """first_contact_seconds from the stored times, for leads written before it existed."""
    connection.execute(update(Lead).where(Lead.first_attempt_at.is_not(None))
                       .values(first_contact_seconds=whole_seconds_between(
                           Lead.handed_over_at, Lead.first_attempt_at, connection.dialect.name))
                       .execution_options(synchronize_session=False))


def resum(connection: Connection) -> None:
    """The whole table again from the leads, whose months are right (a bulk load)."""
    connection.execute(delete(LeadMonth))
    add(connection, true())


def set_months(connection: Connection, model, zone: str) -> None:
    """handoff_month of every row of `model` (leads or staged leads), in `zone`."""
    first, last = connection.execute(select(func.min(model.handed_over_at),
                                            func.max(model.handed_over_at))).one()
    if first is None:
        return
    months = []
    year, month = (int(part) for part in month_of(first, zone).split("-"))
    while not months or months[-1][1] <= _aware(last):
        months.append((*month_range(year, month, zone), f"{year:04d}-{month:02d}"))
        year, month = shift(year, month, 1)
    for index in range(0, len(months), 60):  # a CASE of at most 60 months per statement
        chunk = months[index:index + 60]
        label = case(*[(and_(model.handed_over_at >= start, model.handed_over_at < end), name)
                       for start, end, name in chunk])
        connection.execute(update(model).where(model.handed_over_at >= chunk[0][0],
                                               model.handed_over_at < chunk[-1][1])
                           .values(handoff_month=label)
                           .execution_options(synchronize_session=False))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def workspace_zone(connection: Connection) -> str:
    """The zone new leads' months are labelled in. On PostgreSQL the settings row stays
    share-locked until commit, so a change of zone waits for leads being written in the old
    one, and its rebuild then sees them."""
    from workspace.admin.models import WorkspaceSettings

    return connection.scalar(select(WorkspaceSettings.timezone).limit(1)
                             .with_for_update(read=True)) or "UTC"


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    new = [lead for lead in session.new if isinstance(lead, Lead)]
    if new:
        zone = workspace_zone(session.connection())
        for lead in new:
            lead.handed_over_at = lead.handed_over_at or clock.now()
            lead.handoff_month = lead.handoff_month or month_of(lead.handed_over_at, zone)
    for lead in new + [lead for lead in session.dirty if isinstance(lead, Lead)]:
        _time_to_first_contact(lead)
    changed = [lead for lead in session.dirty if isinstance(lead, Lead) and _counted(lead)]
    gone = [lead for lead in session.deleted if isinstance(lead, Lead)]
    # Read (not yet written) what the changed leads count for now; after the flush, one
    # upsert writes the difference.
    old = sums_of(session.connection(), Lead.id.in_([lead.id for lead in changed + gone])) \
        if changed or gone else {}
    session.info["lead_stats"] = (old, [lead.id for lead in changed])


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    old, ids = session.info.pop("lead_stats", ({}, []))
    ids = ids + [lead.id for lead in session.new if isinstance(lead, Lead)]
    new = sums_of(session.connection(), Lead.id.in_(ids)) if ids else {}
    if old or new:
        apply(session.connection(), change(new, old))


def _time_to_first_contact(lead: Lead) -> None:
    """first_contact_seconds follows first_attempt_at, so medians read one indexed column."""
    seconds = whole_seconds(lead.first_attempt_at - lead.handed_over_at) \
        if lead.first_attempt_at is not None else None
    if lead.first_contact_seconds != seconds:
        lead.first_contact_seconds = seconds


def _counted(lead: Lead) -> bool:
    from sqlalchemy import inspect

    attributes = inspect(lead).attrs
    return any(attributes[name].history.has_changes() for name in COUNTED)
