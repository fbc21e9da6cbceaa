"""/metrics/: the two-sided SLA scorecard, the money and the funnel for a month."""

from flask import Blueprint, render_template, request
from flask_babel import get_locale

from workspace.access import require_login
from workspace.csvout import whole_percent
from workspace.metrics.filters import Filters
from workspace.metrics.funnel_charts import closed_chart, funnel_chart
from workspace.metrics.money_charts import (
    attribution_chart,
    attribution_title,
    credit_by_month,
    money_charts,
)
from workspace.metrics.period import Period, page_month
from workspace.metrics.persistence import attempts_made, persistence_chart, persistence_title
from workspace.metrics.queries import (
    month_figures,
)
from workspace.metrics.rep_charts import rep_charts
from workspace.metrics.speed import speed_chart
from workspace.metrics.sums import CLOSED, DEALS
from workspace.metrics.trend_charts import trend_charts
from workspace.months import Month, month_name
from workspace.urls import bounded_int

bp = Blueprint("metrics", __name__, url_prefix="/metrics")
require_login(bp)


@bp.app_template_filter("month_name")
def month_name_filter(label: str, width: str = "long") -> str:
    """A "YYYY-MM" label as the reader says it: "November 2026", "noviembre de 2026"."""
    return month_name(label, str(get_locale()), width)


bp.add_app_template_filter(whole_percent, "whole_percent")


@bp.app_template_filter("at")
def svg_position(value: float) -> str:
    """A chart's coordinate in whole units (a 600-wide drawing shown at most about as wide):
    the charts' markup stays lean, a metrics page carries nine of them."""
    return str(round(value))


TEAMS = ("marketing", "sales")


def request_filters() -> tuple[dict, Filters, str | None]:
    """The page's filters from the query string: as chosen (for the form and the links), the
    leads they narrow to, and the team whose side of the page to show (None: both)."""
    team = request.args.get("team") if request.args.get("team") in TEAMS else None
    filters = Filters(source=request.args.get("source") or None,
                      campaign=request.args.get("campaign") or None,
                      rep_id=request.args.get("rep_id", type=bounded_int))
    deals = requested_deals()
    return {"source": filters.source, "campaign": filters.campaign, "rep_id": filters.rep_id,
            "team": team, "deals": None if deals == DEALS[0] else deals}, filters, team


def requested_deals() -> str:
    """Which deals the page counts: closed in the month (unless asked) or of its hand-offs."""
    return request.args.get("deals") if request.args.get("deals") in DEALS else DEALS[0]


@bp.get("/")
def index():
    from workspace import htmx
    from workspace.metrics.page import metrics_page

    chosen, filters, team = request_filters()
    page = metrics_page(chosen, filters, team, request.args.get("month"), requested_deals())
    return htmx.render("metrics/index.html", "metrics/_kept_body.html", chosen=chosen,
                       **page._asdict())


def page_charts(figures: dict, filters: Filters, month: Month, team: str | None) -> dict:
    """The metrics page's charts from the figures it reads, in the reader's language (the
    revenue by credit, month by month, is the one they read more: one grouped query); `team`:
    the side of the SLA to show (None: both)."""
    trend, versions, deals = figures["trend"], figures["versions"], figures["deals"]
    closed = deals == CLOSED
    return {"trend": trend_charts(trend, versions, filters, team),
            "speed": speed_chart(figures["speed"], trend[-1].label, versions[-2],
                                 str(get_locale())),
            "money": money_charts(trend, filters, figures["figures"], closed),
            "funnel": closed_chart(figures["closed_total"], month.label) if closed else
            funnel_chart(figures["funnel_total"], month.label),
            "reps": rep_charts(figures["card"].by_rep, month_name(month.label,
                                                                  str(get_locale()))),
            # named only: drawn, with the query each needs, when the reader opens them
            "folded": {"attribution": attribution_title(), "persistence": persistence_title()}}


def folded_chart(name: str, figures: dict, filters: Filters, month: Month):
    """A chart the page folds, drawn for its month and filters."""
    if name == "attribution":
        trend, deals = figures["trend"], figures["deals"]
        return attribution_chart(trend, credit_by_month(Period.ending(month, len(trend)),
                                                        filters, deals), deals == CLOSED)
    version = figures["versions"][-1]
    return persistence_chart(attempts_made(month, version.min_attempts if version else None,
                                           filters), month.label, str(get_locale()))


@bp.get("/review/<int:year>-<int:month>")
def review(year: int, month: int):
    """The monthly SLA review for the heads' meeting; printable."""
    from flask import abort

    from workspace.metrics.page import review_body
    from workspace.templating import current_workspace

    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        abort(404)
    chosen = Month.of(year, month, current_workspace().timezone)
    return render_template("metrics/review.html", month=chosen.label,
                           body=review_body(chosen, requested_deals()))


@bp.get("/<any(reps, sources, funnel, trend, campaigns):table>.csv")
def download(table: str):
    """Every table of the metrics page as CSV, for the month the page shows."""
    from workspace.csvout import csv_download
    from workspace.metrics.downloads import TABLES
    from workspace.templating import current_workspace

    month = page_month().month
    _, filters, _ = request_filters()
    header, rows = TABLES[table](month, filters, requested_deals(), current_workspace().currency)
    return csv_download(f"{table}-{month.label}.csv", header, rows)


PAGE_CHARTS = ("delivery", "conversion", "sla", "speed", "persistence", "flows", "cac",
               "attribution", "funnel", "rep_speed", "rep_persistence")
CHARTS = (*PAGE_CHARTS, "ratings", "reasons")


@bp.get(f"/chart/<any({', '.join(PAGE_CHARTS)}):name>")
def chart_page(name: str):
    """One chart of the metrics page for its month and filters: what a folded chart fetches
    when the reader opens it, or without JavaScript, a page of its own."""
    from workspace import htmx
    from workspace.metrics.page import chart_region

    chosen, _, _ = request_filters()
    args = {**{key: value for key, value in chosen.items() if value},
            "month": page_month().month.label}
    title, card = chart_region(name, args)
    return htmx.render("metrics/chart.html", "metrics/_kept_chart.html", title=title,
                       card=card, args=args)


@bp.get(f"/chart/<any({', '.join(CHARTS)}):name>.svg")
def chart_svg(name: str):
    """One chart as an SVG file, drawn by the page's own macro for the month and filters."""
    from flask import abort

    from workspace.charts import standalone_svg

    chart = named_chart(name)
    if chart.chart is None:
        abort(404)
    markup = render_template("metrics/chart_svg.html", key=name, chart=chart)
    month = page_month().month.label
    return standalone_svg(markup, chart.kind, chart.description), {
        "Content-Type": "image/svg+xml; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{name}-{month}.svg"'}


def named_chart(name: str):
    """The chart `name` as its page draws it: the metrics page's, or the feedback page's."""
    month = page_month().month
    if name in ("ratings", "reasons"):
        from workspace.leads.feedback import feedback_by_source, ratings_by_source
        from workspace.leads.feedback_charts import feedback_charts

        return feedback_charts(feedback_by_source(month), ratings_by_source(month),
                               month.label)[name]
    _, filters, team = request_filters()
    figures = month_figures(month, filters, requested_deals())
    if name in ("attribution", "persistence"):
        return folded_chart(name, figures, filters, month)
    charts = page_charts(figures, filters, month, team)
    return {**charts["trend"], "speed": charts["speed"], **charts["money"],
            "funnel": charts["funnel"], **charts["reps"]}[name]
