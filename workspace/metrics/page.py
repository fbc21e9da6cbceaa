"""The figures pages (/metrics/, the monthly review, the feedback view), drawn once and kept
(workspace.kept) until a write or the clock can change them: every reader of the same
language (and, on /metrics/, role) asking for the same month and slice gets the same body,
computed from its queries the first time only."""

from datetime import datetime
from typing import NamedTuple

from flask import render_template
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from workspace.kept import kept
from workspace.metrics.filters import Filters
from workspace.metrics.period import Period, page_month
from workspace.metrics.queries import month_figures, next_change
from workspace.months import Month
from workspace.permissions import Action, can


class Rep(NamedTuple):
    id: int
    name: str


class MetricsPage(NamedTuple):
    body: Markup  # metrics/_body.html, as rendered
    month: str  # the month shown, "YYYY-MM"
    choices: dict  # the filters' sources, campaigns and reps (Rep)


def metrics_page(chosen: dict, filters: Filters, team: str | None, asked: str | None,
                 deals: str) -> MetricsPage:
    """The page for the month `asked` (None: the one a figures page shows by default) and the
    slice `chosen`, in the reader's language, with what the reader's role may do."""
    reader = (str(get_locale()), can(current_user, Action.ENTER_SPEND))
    return kept("metrics", (*reader, asked, tuple(chosen.items())),
                lambda now: _drawn(chosen, filters, team, deals, now))


def _drawn(chosen: dict, filters: Filters, team: str | None, deals: str,
           now: datetime) -> tuple[MetricsPage, datetime]:
    from workspace.leads.queries import filter_choices
    from workspace.metrics.views import page_charts

    shown = page_month()
    figures = month_figures(shown.month, filters, deals)
    found = filter_choices()
    choices = {"sources": list(found["sources"]), "campaigns": list(found["campaigns"]),
               "reps": [Rep(rep.id, rep.name) for rep in found["reps"]]}
    body = render_template("metrics/_body.html", shown=shown, chosen=chosen, team=team,
                           choices=choices, month=shown.month.label,
                           charts=page_charts(figures, filters, shown.month, team), **figures)
    until = next_change(Period.ending(shown.month, len(figures["trend"])), now)
    return MetricsPage(Markup(body), shown.month.label, choices), until


def review_body(month: Month, deals: str) -> Markup:
    """The monthly review's content (metrics/_review.html) in the reader's language."""
    return kept("metrics-review", (str(get_locale()), month.label, deals),
                lambda now: _review_drawn(month, deals, now))


def _review_drawn(month: Month, deals: str, now: datetime) -> tuple[Markup, datetime]:
    from workspace.metrics import review as gather
    from workspace.metrics.filters import NONE
    from workspace.metrics.funnel_charts import closed_chart, funnel_chart
    from workspace.metrics.persistence import attempts_made, persistence_chart
    from workspace.metrics.queries import (
        month_scorecard,
        month_speed,
        month_trend,
        month_versions,
    )
    from workspace.metrics.speed import speed_chart
    from workspace.metrics.sums import CLOSED
    from workspace.metrics.trend_charts import trend_charts
    from workspace.templating import current_workspace

    locale = str(get_locale())
    trend = month_trend(month, 12, deals=deals)  # the charts' year; the table, its end
    period = Period.ending(month, 12)
    versions = month_versions(period.months)
    card = month_scorecard(month, sums=trend[-1], version=versions[-1])
    speed = speed_chart(month_speed(month, versions[-1]), month.label, versions[-2], locale)
    persistence = persistence_chart(attempts_made(
        month, versions[-1].min_attempts if versions[-1] else None), month.label, locale)
    won = gather.deals(month, deals, trend[-1])
    body = render_template(
        "metrics/_review.html", card=card, month=month.label, breaches=gather.breaches(card),
        reasons=gather.rejection_reasons(card, current_workspace().currency), deals=deals,
        quotes=gather.feedback_quotes(card), drafts=gather.open_drafts(),
        version=versions[-1], trend=trend[-4:], charts=trend_charts(trend, versions, NONE),
        speed=speed, persistence=persistence, won=won,
        funnel=closed_chart(won, month.label) if deals == CLOSED else
        funnel_chart(won, month.label))
    return Markup(body), next_change(period, now)


def feedback_body(asked: str | None) -> Markup:
    """The feedback view's content (leads/_feedback.html) for the month `asked` (None: the
    one a figures page shows by default), in the reader's language."""
    return kept("lead-feedback", (str(get_locale()), asked), _feedback_drawn)


def _feedback_drawn(now: datetime) -> tuple[Markup, datetime]:
    from workspace.leads.feedback import feedback_by_source, ratings_by_source
    from workspace.leads.feedback_charts import feedback_charts

    shown = page_month()
    month = shown.month
    rows = feedback_by_source(month)
    charts = feedback_charts(rows, ratings_by_source(month), month.label)
    body = render_template("leads/_feedback.html", rows=rows, charts=charts, shown=shown,
                           month=month.label, previous=month.shifted(-1).label,
                           following=month.shifted(1).label)
    return Markup(body), next_change(Period.of(month), now)


def chart_region(name: str, args: dict) -> tuple[str, Markup]:
    """One chart of /metrics/ as its card (metrics/_chart.html) and title, for the month and
    slice in `args`, in the reader's language: what a folded chart fetches when opened."""
    return kept("metrics-chart", (str(get_locale()), name, tuple(sorted(args.items()))),
                lambda now: _chart_drawn(name, args, now))


def _chart_drawn(name: str, args: dict, now: datetime) -> tuple[tuple[str, Markup], datetime]:
    from workspace.metrics.views import named_chart

    chart = named_chart(name)
    card = render_template("metrics/_chart.html", key=name, chart=chart, args=args)
    until = next_change(Period.ending(page_month().month, 12), now)
    return (chart.title, Markup(card)), until
