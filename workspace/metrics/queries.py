"""The metrics pages' read models: a month's scorecard, its trend and every figure of the page,
for plain values (a month, a slice, which deals to count), never the request."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from workspace import clock
from workspace.metrics.filters import NONE, Filters
from workspace.metrics.funnel import closed_deals, closed_total, funnel, median_cycle_days
from workspace.metrics.money import money_figures
from workspace.metrics.period import Period
from workspace.metrics.scorecard import scorecard
from workspace.metrics.speed import FirstContacts, first_contacts
from workspace.metrics.sums import CLOSED, MonthSums, monthly_sums
from workspace.months import Month


def month_version(month: Month):
    """The SLA version in force at the month's end (now, for the month under way)."""
    return month_versions([month])[0]


def month_versions(months: Sequence[Month]) -> list:
    """The SLA version in force at each month's end, as the agreement log records it."""
    from workspace.sla.in_force import versions_in_force

    # The month's last instant: a version taking effect on the 1st belongs to next month.
    now = clock.now()
    return versions_in_force([min(now, month.end - timedelta(microseconds=1)) for month in months])


_UNREAD = object()


def month_scorecard(month: Month, filters: Filters = NONE, sums: MonthSums | None = None,
                    version=_UNREAD):
    """The month's scorecard against the target of the version in force at its end (`sums`,
    `version`: the month's, when the caller has read them already)."""
    version = month_version(month) if version is _UNREAD else version
    target = version.mql_target_per_month if version and not filters else None
    return scorecard(month, clock.now(), target, filters, sums)


def month_trend(month: Month, count: int, filters: Filters = NONE, deals: str = CLOSED,
                spend: bool = False) -> list[MonthSums]:
    """The sums of `count` months up to this one, oldest first (with their spend if asked)."""
    return monthly_sums(Period.ending(month, count).months, clock.now(), filters, deals, spend)


def month_speed(month: Month, version, filters: Filters = NONE) -> FirstContacts:
    """The month's first contacts in buckets, against the minutes of `version`, the one in
    force at its end (None: no threshold)."""
    threshold = version.first_contact_minutes if version else None
    return first_contacts(month, clock.now(), threshold, filters)


def month_figures(month: Month, filters: Filters, deals: str) -> dict:
    """Every figure of the metrics page, each counted over the same slice of leads and spend:
    the month's totals are the last of the twelve months' sums the trend reads."""
    trend = month_trend(month, 12, filters, deals, spend=True)
    versions = month_versions(Period.ending(month, 12).months)
    figures = {"card": month_scorecard(month, filters, trend[-1], versions[-1]), "deals": deals,
               "trend": trend, "versions": versions,
               "speed": month_speed(month, versions[-1], filters),
               "figures": money_figures(month, filters, deals, trend[-1]),
               "previous": month.shifted(-1).label, "following": month.shifted(1).label}
    if deals == CLOSED:
        rows = closed_deals(month, filters)
        figures.update(closed=rows, closed_total=closed_total(rows),
                       cycle_days=median_cycle_days(month, filters))
    else:
        figures.update(funnel=funnel(month, filters), funnel_total=trend[-1].funnel)
    return figures


def next_change(period: Period, now: datetime) -> datetime:
    """The first moment after `now` at which the figures of `period` may read differently with
    no write: an MQL's first-contact or feedback deadline passes (pending becomes missed), an
    SLA version the log has taking effect later starts, or a day begins, in UTC or the
    workspace's zone (today decides which month is under way and which months' deals are too
    young to compare). Two small reads, by the (month, deadline) indexes and of the log."""
    from sqlalchemy import func, select

    from workspace.extensions import db
    from workspace.kept import next_day_or_start
    from workspace.leads.models import Lead

    def earliest(done, due):
        return (select(func.min(due)).where(Lead.handoff_month.in_(period.labels),
                                            Lead.is_mql.is_(True), done.is_(None), due >= now)
                .scalar_subquery())

    deadlines = db.session.execute(select(
        earliest(Lead.first_attempt_at, Lead.first_contact_due_at),
        earliest(Lead.first_rated_at, Lead.feedback_due_at))).one()
    moments = [aware(due) + timedelta(microseconds=1) for due in deadlines if due is not None]
    return min([*moments, next_day_or_start(now)])


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
