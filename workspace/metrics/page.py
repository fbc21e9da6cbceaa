"""What the metrics page shows for a month, a slice and a view of the deals."""

from workspace.metrics.filters import Filters
from workspace.metrics.funnel import closed_deals, closed_total, funnel, median_cycle_days, total
from workspace.metrics.money import CLOSED, money_figures
from workspace.months import Month


def month_figures(month: Month, filters: Filters, deals: str) -> dict:
    """Every figure of the page, each counted over the same slice of leads and spend."""
    from workspace.metrics.views import month_scorecard, month_trend

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
