"""/metrics/'s figures, drawn once and kept (workspace.kept) until a write or the clock can
change them: every reader of the same language and role asking for the same month and slice
gets the same page body, computed from twenty-odd queries the first time only."""

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
