"""The glossary's results (glossary/_results.html), drawn once and kept (workspace.kept) per
language, zone, what the reader may propose, search and page, until a write changes them:
nothing in them moves with the clock. The empty glossary's starter form carries the reader's
CSRF token, so that state is drawn for each reader, never kept."""

from datetime import datetime

from flask import render_template
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from markupsafe import Markup

from workspace.glossary import queries
from workspace.kept import NEVER, kept
from workspace.permissions import Action, can


def results_region(filters: dict, page: int) -> Markup:
    reader = (str(get_locale()), str(get_timezone()), can(current_user, Action.EDIT_DOCUMENTS))
    return kept("glossary-results", (*reader, tuple(filters.items()), page),
                lambda now: _drawn(filters, page, now))


def _drawn(filters: dict, page: int, now: datetime) -> tuple[Markup, datetime]:
    results = queries.search_terms(**filters, page=page)
    body = render_template("glossary/_results.html", results=results, filters=filters)
    per_reader = not results.terms and not any(filters.values())
    return Markup(body), now if per_reader else NEVER
