"""/metrics/: the two-sided SLA scorecard and the funnel for a month."""

from zoneinfo import ZoneInfo

from flask import Blueprint, render_template, request

from workspace import clock
from workspace.access import require_login
from workspace.metrics.funnel import funnel, total
from workspace.metrics.scorecard import scorecard
from workspace.months import month_range, parse_month, shift

bp = Blueprint("metrics", __name__, url_prefix="/metrics")
require_login(bp)


def month_scorecard(year: int, month: int, zone: str):
    """The month's scorecard against the target of the version in force at its end."""
    from workspace.sla.services import version_in_force

    start, end = month_range(year, month, zone)
    now = clock.now()
    version = version_in_force(min(now, end))
    return scorecard(start, end, now, version.mql_target_per_month if version else None)


def current_month(text: str | None) -> str:
    """A "YYYY-MM" from the request, or this month in the workspace's zone."""
    from workspace.templating import current_workspace

    today = clock.now().astimezone(ZoneInfo(current_workspace().timezone)).date()
    return "{:04d}-{:02d}".format(*parse_month(text, today))


@bp.get("/")
def index():
    from workspace.metrics.money import money
    from workspace.templating import current_workspace

    zone = current_workspace().timezone
    month = current_month(request.args.get("month"))
    year, number = (int(part) for part in month.split("-"))
    card = month_scorecard(year, number, zone)
    rows = funnel(card.start, card.end)
    return render_template("metrics/index.html", card=card, funnel=rows, funnel_total=total(rows),
                           trend=month_trend(year, number, zone, 12),
                           figures=money(month, card.start, card.end), month=month,
                           previous="{:04d}-{:02d}".format(*shift(year, number, -1)),
                           following="{:04d}-{:02d}".format(*shift(year, number, 1)))


def month_trend(year: int, month: int, zone: str, count: int):
    """The scorecard's shares for `count` months up to this one, oldest first: one query."""
    from workspace.metrics.scorecard import trend

    months = []
    for back in range(count - 1, -1, -1):
        y, m = shift(year, month, -back)
        months.append((f"{y:04d}-{m:02d}", *month_range(y, m, zone)))
    return trend(months, clock.now())


@bp.get("/review/<int:year>-<int:month>")
def review(year: int, month: int):
    """The monthly SLA review for the heads' meeting; printable."""
    from flask import abort

    from workspace.metrics import review as gather
    from workspace.sla.services import version_in_force
    from workspace.templating import current_workspace

    if not 1 <= month <= 12:
        abort(404)
    settings = current_workspace()
    card = month_scorecard(year, month, settings.timezone)
    version = version_in_force(min(clock.now(), card.end))
    label = f"{year:04d}-{month:02d}"
    return render_template(
        "metrics/review.html", card=card, month=label, breaches=gather.breaches(card),
        reasons=gather.rejection_reasons(card, version, settings.currency),
        quotes=gather.feedback_quotes(card), drafts=gather.open_drafts(), version=version,
        trend=month_trend(year, month, settings.timezone, 4))
