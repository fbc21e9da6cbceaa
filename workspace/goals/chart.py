"""A goal's value over its period against its target and pace line (workspace.charts)."""

from datetime import date, timedelta

from babel.dates import format_date, format_skeleton

from workspace.charts import ProgressChart, progress_chart
from workspace.goals.models import CheckIn, Goal
from workspace.goals.periods import Period
from workspace.goals.queries import metrics_period


def goal_chart(goal: Goal, period: Period, check_ins: list[CheckIn], today: date, locale: str,
               zone, running: list[tuple[str, float | None]] | None = None) -> ProgressChart:
    """Typed goals plot their check-ins (newest first, as the goal page lists them); live ones
    their figure to date at each month's end (`running`, queries.running_values)."""
    if goal.tracks_metric:
        values = _live_to_date(period, today, locale, running or [])
    else:
        values = [(entry.at.astimezone(zone).date(), format_date(
            entry.at.astimezone(zone).date(), "medium", locale=locale), entry.value)
            for entry in reversed(check_ins) if entry.value is not None]
    ticks = [(date.fromisoformat(f"{label}-01"), format_skeleton(
        "MMM", date.fromisoformat(f"{label}-01"), locale=locale)) for label in period.months]
    return progress_chart(period.start, period.end, goal.baseline, goal.target, values, ticks)


def _live_to_date(period: Period, today: date, locale: str,
                  running: list[tuple[str, float | None]]) -> list:
    """The figure to each month's end so far (a month under way: to today)."""
    values = []
    for month, (_, value) in zip(metrics_period(period.label).months, running, strict=True):
        if month.first_day > today:
            break
        last_day = min(month.shifted(1).first_day - timedelta(days=1), today)
        if value is not None:
            values.append((last_day, format_date(last_day, "medium", locale=locale), value))
    return values
