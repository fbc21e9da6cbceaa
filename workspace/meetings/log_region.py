"""The meeting log (meetings/_log.html), drawn once and kept (workspace.kept) per language,
zone, search and page, until a write changes it: nothing in it moves with the clock. Which
meetings a reader sees depends on who they are (a heads' one-on-one is its attendees' and the
admin's), so it is kept for the admin, or for each reader."""

from datetime import datetime

from flask import render_template
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from markupsafe import Markup

from workspace.kept import NEVER, kept
from workspace.meetings import queries


def log_region(filters: dict, page: int) -> Markup:
    reader = (str(get_locale()), str(get_timezone()),
              "admin" if current_user.is_admin else current_user.id)
    return kept("meeting-log", (*reader, tuple(filters.items()), page),
                lambda now: _drawn(filters, page))


def _drawn(filters: dict, page: int) -> tuple[Markup, datetime]:
    log = queries.log(current_user, **filters, page=page)
    return Markup(render_template("meetings/_log.html", filters=filters, log=log)), NEVER
