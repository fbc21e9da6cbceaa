"""What every template may use: the workspace, permissions, navigation, formatting."""

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_currency, format_decimal
from flask import Flask, g
from flask_babel import get_locale, get_timezone
from markupsafe import Markup, escape

from workspace import clock
from workspace.activity.verbs import verb_label
from workspace.areas import registry
from workspace.documents import backlinks, edit_origin
from workspace.i18n import country_name
from workspace.i18n import fast_gettext as _
from workspace.kept_pages import block_mark, layout
from workspace.markdown import render_markdown
from workspace.permissions import Action, can


@dataclass(frozen=True)
class WorkspaceView:
    """The workspace's settings as pages read them, plain enough to be kept (workspace.kept)."""
    name: str
    currency: str
    timezone: str
    goal_period: str | None


def current_workspace():
    """The settings row loaded with the signed-in reader (auth.sessions); for anyone else
    (the sign-in pages), kept for the data version rather than read on every request."""
    if "workspace" not in g:
        from workspace.admin.services import workspace_settings
        from workspace.kept import NEVER, kept

        def read(now):
            row = workspace_settings()
            return WorkspaceView(row.name, row.currency, row.timezone, row.goal_period), NEVER

        g.workspace = kept("workspace-settings", (), read)
    return g.workspace


def _team_label(team: str | None) -> str:
    if team == "marketing":
        return _("Marketing")
    return _("Sales") if team == "sales" else _("No team")


def _role_label(role: str | None) -> str:
    if role == "head":
        return _("Head")
    return _("Member") if role == "member" else ""


_MARKUP = re.compile(r"[*_`#>\[\]]|\(https?://[^)]*\)")


@lru_cache(maxsize=4096)
def _plain(text: str | None) -> str:
    """Markdown without its marks, for one-line excerpts (cheaper than rendering it)."""
    return re.sub(r"\s+", " ", _MARKUP.sub("", text or "")).strip()


# One style per context: "short" in lists and timelines, "medium" in sentences, "record" where a
# time is evidence (signatures, records, printouts): the full date and time with the zone.
TIME_STYLES = {"short": "short", "medium": "medium", "record": "full"}


def _when(value, format: str = "medium") -> Markup | str:
    """A time in the reader's zone and language, in a <time> element."""
    if value is None:
        return ""
    if "babel_zone" not in g:
        g.babel_zone, g.babel_locale = get_timezone(), get_locale()
    shown = _formatted_time(value, TIME_STYLES.get(format, format), g.babel_zone, g.babel_locale)
    return Markup(f'<time datetime="{value.isoformat(timespec="seconds")}">{escape(shown)}</time>')


def _day(value) -> Markup | str:
    """The calendar day of a time (in the reader's zone) or of a date, in their language."""
    if value is None:
        return ""
    if "babel_zone" not in g:
        g.babel_zone, g.babel_locale = get_timezone(), get_locale()
    local = value.astimezone(g.babel_zone).date() if isinstance(value, datetime) else value
    shown = babel_format_date(local, "medium", locale=g.babel_locale)
    return Markup(f'<time datetime="{local.isoformat()}">{escape(shown)}</time>')


@lru_cache(maxsize=4096)
def _formatted_time(value, format: str, zone, locale) -> str:
    # Babel's formatting is the costliest part of a list row; the same times recur on every view.
    return babel_format_datetime(value, format, tzinfo=zone, locale=locale)


def _label(value: str | None, table: dict[str, str]) -> str:
    """A stored value's label from a table of N_() texts, in the reader's language."""
    text = table.get(value) if value is not None else None
    return _(text) if text else (value or "")


def number(value, decimals: int = 0, at_most: bool = False) -> str:
    """A number in the reader's format: 35.3 in English, 35,3 in Spanish; "—" for none.
    `at_most`: up to `decimals` places, none that are trailing zeros (118.5, not 118.50)."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + ("#" if at_most else "0") * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=get_locale())


def money(cents: int | None) -> str:
    """Cents in the workspace's currency, in the reader's format ("$1,200.00"); "—" for none."""
    if cents is None:
        return "—"
    return _formatted_money(cents, current_workspace().currency, str(get_locale()))


def money_float(cents: float | None) -> str:
    """An average or ratio of cents, shown as money; "—" when there is nothing to divide."""
    return "—" if cents is None else money(round(cents))


@lru_cache(maxsize=4096)
def _formatted_money(cents: int, currency: str, locale: str) -> str:
    # Babel's formatting costs more than the rest of a table row; amounts recur on every view.
    return format_currency(cents / 100, currency, locale=locale)


def init_templating(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["when"] = _when
    app.jinja_env.filters["day"] = _day
    app.jinja_env.filters["team"] = _team_label
    app.jinja_env.filters["role"] = _role_label
    app.jinja_env.filters["verb"] = verb_label
    app.jinja_env.filters["plain"] = _plain
    app.jinja_env.filters["label"] = _label
    app.jinja_env.filters["country"] = lambda code: country_name(code) or "—"
    app.jinja_env.filters["number"] = number
    app.jinja_env.globals.update(can=can, Action=Action, now=clock.now,
                                 nav_areas=lambda: registry().nav,
                                 current_workspace=current_workspace, get_locale=get_locale,
                                 money=money, money_float=money_float,
                                 backlinks=backlinks, edit_origin=edit_origin,
                                 layout=layout, block_mark=block_mark)
