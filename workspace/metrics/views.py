"""/metrics/: the two-sided SLA scorecard and the funnel for a month."""

from datetime import timedelta

from flask import Blueprint, render_template, request

from workspace import clock
from workspace.access import require_login
from workspace.metrics.filters import NONE, Filters
from workspace.metrics.funnel import funnel, total
from workspace.metrics.scorecard import scorecard
from workspace.months import Month, requested_month

bp = Blueprint("metrics", __name__, url_prefix="/metrics")
require_login(bp)


def month_scorecard(month: Month, filters: Filters = NONE):
    """The month's scorecard against the target of the version in force at its end."""
    from workspace.sla.services import version_in_force

    now = clock.now()
    # The month's last instant: a version taking effect on the 1st belongs to next month.
    version = version_in_force(min(now, month.end - timedelta(microseconds=1)))
    target = version.mql_target_per_month if version and not filters else None
    return scorecard(month, now, target, filters)


TEAMS = ("marketing", "sales")


def request_filters() -> tuple[dict, Filters, str | None]:
    """The page's filters from the query string: as chosen (for the form and the links), the
    leads they narrow to, and the team whose side of the page to show (None: both)."""
    team = request.args.get("team") if request.args.get("team") in TEAMS else None
    filters = Filters(source=request.args.get("source") or None,
                      campaign=request.args.get("campaign") or None,
                      rep_id=request.args.get("rep_id", type=int))
    return {"source": filters.source, "campaign": filters.campaign, "rep_id": filters.rep_id,
            "team": team}, filters, team


@bp.get("/")
def index():
    from workspace import htmx
    from workspace.leads.queries import filter_choices
    from workspace.metrics.funnel import median_cycle_days
    from workspace.metrics.money import money

    month = requested_month(request.args.get("month"))
    chosen, filters, team = request_filters()
    card = month_scorecard(month, filters)
    rows = funnel(month, filters)
    return htmx.render("metrics/index.html", "metrics/_body.html", card=card, funnel=rows,
                       cycle_days=median_cycle_days(month, filters),
                       funnel_total=total(rows), chosen=chosen, team=team,
                       choices=filter_choices(), trend=month_trend(month, 12, filters),
                       figures=money(month, filters), month=month.label,
                       previous=month.shifted(-1).label, following=month.shifted(1).label)


def month_trend(month: Month, count: int, filters: Filters = NONE):
    """The scorecard's shares for `count` months up to this one, oldest first."""
    from workspace.metrics.scorecard import trend

    return trend([month.shifted(-back) for back in range(count - 1, -1, -1)], clock.now(),
                 filters)


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
    chosen = Month.of(year, month, settings.timezone)
    card = month_scorecard(chosen)
    version = version_in_force(min(clock.now(), card.end - timedelta(microseconds=1)))
    return render_template(
        "metrics/review.html", card=card, month=chosen.label, breaches=gather.breaches(card),
        reasons=gather.rejection_reasons(card, settings.currency),
        quotes=gather.feedback_quotes(card), drafts=gather.open_drafts(), version=version,
        trend=month_trend(chosen, 4))


@bp.get("/<any(reps, sources, funnel, trend, campaigns):table>.csv")
def download(table: str):
    """Every table of the metrics page as CSV, for the month in the query string."""
    from workspace.csvout import csv_download
    from workspace.metrics.money import money

    month = requested_month(request.args.get("month"))
    _, filters, _ = request_filters()
    if table == "reps":
        header = ["rep", "first_contact_met", "first_contact_missed", "first_contact_pending",
                  "attempts_met", "attempts_missed", "feedback_met", "feedback_missed",
                  "feedback_pending"]
        rows = [[s.rep.email if s.rep else "", s.speed.met, s.speed.missed, s.speed.pending,
                 s.persistence.met, s.persistence.missed, s.feedback.met, s.feedback.missed,
                 s.feedback.pending] for s in month_scorecard(month, filters).by_rep]
    elif table == "sources":
        header = ["source", "campaign", "mqls", "accepted"]
        rows = month_scorecard(month, filters).by_source
    elif table == "funnel":
        header = ["source", "campaign", "leads", "mqls", "sqls", "won", "revenue"]
        rows = [[r.source, r.campaign, r.leads, r.mqls, r.sqls, r.won, r.revenue / 100]
                for r in funnel(month, filters)]
    elif table == "campaigns":
        header = ["campaign", "spend", "leads", "mqls"]
        rows = [[c, amount / 100, leads, mqls]
                for c, amount, leads, mqls in money(month, filters).by_campaign]
    else:
        header = ["month", "mqls", "first_contact_rate", "attempts_rate", "feedback_rate"]
        rows = [[label, delivered, speed.rate, persistence.rate, feedback.rate]
                for label, delivered, speed, persistence, feedback
                in month_trend(month, 12, filters)]
    return csv_download(f"{table}-{month.label}.csv", header, rows)
