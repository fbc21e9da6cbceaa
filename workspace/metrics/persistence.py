"""Persistence: how many attempts sales made before giving up on the month's MQLs (the
disqualified or lost ones, the scorecard's "enough attempts"), against the agreed minimum.
One grouped read of the month's leads, whatever their number."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, case, func, select

from workspace.charts import bucket_chart
from workspace.extensions import db
from workspace.leads.models import Lead
from workspace.leads.stats import NEGATIVE
from workspace.metrics.charts import MonthChart, shown_percent
from workspace.metrics.filters import NONE, Filters
from workspace.months import Month, month_name


@dataclass(frozen=True)
class Attempts:
    """The month's disqualified or lost MQLs by attempts made: `counts[n]` made n attempts,
    the last bucket that many or more; `met`: those with their own version's minimum."""

    counts: tuple[int, ...]
    met: int
    minimum: int | None  # the minimum of the version in force at the month's end

    @property
    def total(self) -> int:
        return sum(self.counts)


def attempts_made(month: Month, minimum: int | None, filters: Filters = NONE) -> Attempts:
    """One grouped query: each lead's attempts (capped two past the minimum, at least 6) and
    whether it made its own minimum, the way the monthly sums count it."""
    top = max((minimum or 0) + 2, 6)
    made = case((Lead.attempts_count > top, top), else_=Lead.attempts_count)
    enough = func.count().filter(Lead.attempts_count >= func.coalesce(Lead.min_attempts, 0))
    rows = db.session.execute(
        select(made.label("made"), func.count(), enough)
        .where(and_(Lead.handoff_month == month.label, Lead.is_mql.is_(True),
                    Lead.status.in_(NEGATIVE)), *filters.on(Lead))
        .group_by("made")).all()
    counts = [0] * (top + 1)
    for bucket, count, _met in rows:
        counts[int(bucket)] = int(count)
    return Attempts(tuple(counts), sum(int(met) for *_, met in rows), minimum)


def persistence_title() -> str:
    return _("Persistence: attempts before giving up")


def persistence_chart(attempts: Attempts, month: str, locale: str) -> MonthChart:
    """A bar per number of attempts, most first, the agreed minimum drawn as a line under the
    buckets that reach it; the finding is the scorecard's share, in words."""
    named = month_name(month, locale)
    minimum = attempts.minimum
    labels = {"numbers": _("Show the numbers"), "when": _("Attempts"),
              "value": _("MQLs"),
              "within": _("The agreed %(n)s attempts or more", n=minimum) if minimum else "",
              "past": _("Fewer"), "threshold": _("The agreed minimum")}
    if not attempts.total:
        return MonthChart(persistence_title(), _(
            "No MQL of %(month)s was disqualified or lost.", month=named), None, labels)
    top = len(attempts.counts) - 1
    names = [_("%(n)s or more", n=top), *(ngettext("%(num)d attempt", "%(num)d attempts", n)
                                          for n in range(top - 1, -1, -1))]
    counts = attempts.counts[::-1]
    within = [n >= minimum if minimum else None for n in range(top, -1, -1)]
    finding = ngettext(
        "%(share)s of the %(num)d disqualified or lost MQL of %(month)s had the attempts "
        "agreed for it.",
        "%(share)s of the %(num)d disqualified or lost MQLs of %(month)s had the attempts "
        "agreed for them.", attempts.total,
        share=shown_percent(attempts.met / attempts.total), month=named)
    detail = _("Each lead is held to the minimum of the SLA version that judged it; the line "
               "marks the %(n)s of the version in force at the month's end.",
               n=minimum) if minimum else ""
    return MonthChart(persistence_title(), finding, bucket_chart(names, counts, within), labels,
                      detail, kind="buckets")
