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


@bp.get("/")
def index():
    from workspace.templating import current_workspace

    zone = current_workspace().timezone
    today = clock.now().astimezone(ZoneInfo(zone)).date()
    year, month = parse_month(request.args.get("month"), today)
    card = month_scorecard(year, month, zone)
    rows = funnel(card.start, card.end)
    return render_template("metrics/index.html", card=card, funnel=rows, funnel_total=total(rows),
                           month=f"{year:04d}-{month:02d}",
                           previous="{:04d}-{:02d}".format(*shift(year, month, -1)),
                           following="{:04d}-{:02d}".format(*shift(year, month, 1)))
