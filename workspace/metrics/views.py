"""/metrics/: the two-sided SLA scorecard and the funnel for a month."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, render_template, request

from workspace import clock
from workspace.access import require_login
from workspace.metrics.funnel import funnel, total
from workspace.metrics.scorecard import scorecard
from workspace.months import month_range, parse_month, shift

bp = Blueprint("metrics", __name__, url_prefix="/metrics")
require_login(bp)


def month_scorecard(year: int, month: int, zone: str, filters: list | None = None):
    """The month's scorecard against the target of the version in force at its end."""
    from workspace.sla.services import version_in_force

    start, end = month_range(year, month, zone)
    now = clock.now()
    # The month's last instant: a version taking effect on the 1st belongs to next month.
    version = version_in_force(min(now, end - timedelta(microseconds=1)))
    target = version.mql_target_per_month if version and not filters else None
    return scorecard(start, end, now, target, filters)


def request_filters() -> tuple[dict, list]:
    """The page's filters from the query string, and the SQL conditions they make."""
    from workspace.metrics.scorecard import lead_filters

    chosen = {"source": request.args.get("source") or None,
              "campaign": request.args.get("campaign") or None,
              "rep_id": request.args.get("rep_id", type=int)}
    return chosen, lead_filters(**chosen)


def current_month(text: str | None) -> str:
    """A "YYYY-MM" from the request, or this month in the workspace's zone."""
    from workspace.templating import current_workspace

    today = clock.now().astimezone(ZoneInfo(current_workspace().timezone)).date()
    return "{:04d}-{:02d}".format(*parse_month(text, today))


@bp.get("/")
def index():
    from workspace import htmx
    from workspace.leads.queries import filter_choices
    from workspace.metrics.money import money
    from workspace.templating import current_workspace

    zone = current_workspace().timezone
    month = current_month(request.args.get("month"))
    year, number = (int(part) for part in month.split("-"))
    chosen, filters = request_filters()
    card = month_scorecard(year, number, zone, filters)
    rows = funnel(card.start, card.end, filters)
    from workspace.metrics.funnel import median_cycle_days

    return htmx.render("metrics/index.html", "metrics/_body.html", card=card, funnel=rows,
                           cycle_days=median_cycle_days(card.start, card.end, filters),
                           funnel_total=total(rows), chosen=chosen, choices=filter_choices(),
                           trend=month_trend(year, number, zone, 12, filters),
                           figures=money(month, card.start, card.end, filters,
                                         chosen["campaign"]), month=month,
                           previous="{:04d}-{:02d}".format(*shift(year, number, -1)),
                           following="{:04d}-{:02d}".format(*shift(year, number, 1)))


def month_trend(year: int, month: int, zone: str, count: int, filters: list | None = None):
    """The scorecard's shares for `count` months up to this one, oldest first: one query."""
    from workspace.metrics.scorecard import trend

    months = []
    for back in range(count - 1, -1, -1):
        y, m = shift(year, month, -back)
        months.append((f"{y:04d}-{m:02d}", *month_range(y, m, zone)))
    return trend(months, clock.now(), filters)


@bp.get("/review/<int:year>-<int:month>")
def review(year: int, month: int):
    """The monthly SLA review for the heads' meeting; printable."""
    from flask import abort

    from workspace.metrics import review as gather
    from workspace.sla.services import version_in_force
    from workspace.templating import current_workspace

    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        abort(404)
    settings = current_workspace()
    card = month_scorecard(year, month, settings.timezone)
    version = version_in_force(min(clock.now(), card.end - timedelta(microseconds=1)))
    label = f"{year:04d}-{month:02d}"
    return render_template(
        "metrics/review.html", card=card, month=label, breaches=gather.breaches(card),
        reasons=gather.rejection_reasons(card, settings.currency),
        quotes=gather.feedback_quotes(card), drafts=gather.open_drafts(), version=version,
        trend=month_trend(year, month, settings.timezone, 4))


@bp.get("/<any(reps, sources, funnel, trend, campaigns):table>.csv")
def download(table: str):
    """Every table of the metrics page as CSV, for the month in the query string."""
    from workspace.csvout import csv_download
    from workspace.metrics.money import money
    from workspace.templating import current_workspace

    zone = current_workspace().timezone
    month = current_month(request.args.get("month"))
    year, number = (int(part) for part in month.split("-"))
    chosen, filters = request_filters()
    card = month_scorecard(year, number, zone, filters)
    if table == "reps":
        header = ["rep", "first_contact_met", "first_contact_missed", "first_contact_pending",
                  "attempts_met", "attempts_missed", "feedback_met", "feedback_missed",
                  "feedback_pending"]
        rows = [[s.rep.email if s.rep else "", s.speed.met, s.speed.missed, s.speed.pending,
                 s.persistence.met, s.persistence.missed, s.feedback.met, s.feedback.missed,
                 s.feedback.pending] for s in card.by_rep]
    elif table == "sources":
        header, rows = ["source", "campaign", "mqls", "accepted"], card.by_source
    elif table == "funnel":
        header = ["source", "campaign", "leads", "mqls", "sqls", "won", "revenue"]
        rows = [[r.source, r.campaign, r.leads, r.mqls, r.sqls, r.won, r.revenue / 100]
                for r in funnel(card.start, card.end, filters)]
    elif table == "campaigns":
        header = ["campaign", "spend", "leads", "mqls"]
        rows = [[c, amount / 100, leads, mqls]
                for c, amount, leads, mqls in money(month, card.start, card.end, filters,
                                                    chosen["campaign"]).by_campaign]
    else:
        header = ["month", "mqls", "first_contact_rate", "attempts_rate", "feedback_rate"]
        rows = [[label, delivered, speed.rate, persistence.rate, feedback.rate]
                for label, delivered, speed, persistence, feedback
                in month_trend(year, number, zone, 12, filters)]
    return csv_download(f"{table}-{month}.csv", header, rows)
