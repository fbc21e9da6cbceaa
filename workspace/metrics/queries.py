"""The metrics pages' read models: a month's scorecard, its trend and every figure of the page,
for plain values (a month, a slice, which deals to count), never the request."""

from datetime import timedelta

from workspace import clock
from workspace.metrics.filters import NONE, Filters
from workspace.metrics.funnel import closed_deals, closed_total, funnel, median_cycle_days, total
from workspace.metrics.money import CLOSED, money_figures
from workspace.months import Month


def month_version(month: Month):
    """The SLA version in force at the month's end (now, for the month under way)."""
    from workspace.sla.services import version_in_force

    # The month's last instant: a version taking effect on the 1st belongs to next month.
    return version_in_force(min(clock.now(), month.end - timedelta(microseconds=1)))


def month_scorecard(month: Month, filters: Filters = NONE):
    """The month's scorecard against the target of the version in force at its end."""
    from workspace.metrics.scorecard import scorecard

    version = month_version(month)
    target = version.mql_target_per_month if version and not filters else None
    return scorecard(month, clock.now(), target, filters)


def month_trend(month: Month, count: int, filters: Filters = NONE, deals: str = CLOSED):
    """The scorecard's shares and the deals for `count` months up to this one, oldest first."""
    from workspace.metrics.scorecard import trend

    return trend([month.shifted(-back) for back in range(count - 1, -1, -1)], clock.now(),
                 filters, deals)


def month_figures(month: Month, filters: Filters, deals: str) -> dict:
    """Every figure of the metrics page, each counted over the same slice of leads and spend."""
    figures = {"card": month_scorecard(month, filters), "deals": deals,
               "trend": month_trend(month, 12, filters, deals),
               "figures": money_figures(month, filters, deals),
               "previous": month.shifted(-1).label, "following": month.shifted(1).label}
    if deals == CLOSED:
        rows = closed_deals(month, filters)
        figures.update(closed=rows, closed_total=closed_total(rows),
                       cycle_days=median_cycle_days(month, filters))
    else:
        rows = funnel(month, filters)
        figures.update(funnel=rows, funnel_total=total(rows))
    return figures
