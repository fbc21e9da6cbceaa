"""The goals board's region, drawn once and kept (workspace.kept) until a write or the clock
can change it: its live figures and where each goal stands depend on the leads, the check-ins
and today, never on who reads beyond their language, zone and whether they may set goals."""

from datetime import datetime

from flask import render_template
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from markupsafe import Markup

from workspace.goals import queries
from workspace.kept import kept


def board_region(period, filters: dict, page: int) -> Markup:
    """goals/_board.html for the period, filters and page, in the reader's language and zone."""
    reader = (str(get_locale()), str(get_timezone()),
              bool(current_user.team or current_user.is_admin))
    return kept("goals-board", (*reader, period.label, tuple(filters.items()), page),
                lambda now: _drawn(period, filters, page, now))


def _drawn(period, filters: dict, page: int, now: datetime) -> tuple[Markup, datetime]:
    from workspace.metrics.queries import next_change

    board = queries.board(period, **filters, page=page)
    body = render_template("goals/_board.html", period=period, filters=filters, board=board)
    discussion = queries.next_needing_discussion([row.goal for row in board.shown], now)
    return Markup(body), min(filter(None, (
        next_change(queries.metrics_period(period.label), now), discussion)))
