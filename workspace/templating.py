"""What every template may use: the workspace, permissions, navigation, formatting."""

import re

from flask import Flask, g
from flask_babel import format_datetime, get_locale
from markupsafe import Markup

from workspace import clock
from workspace.activity.verbs import verb_label
from workspace.markdown import render_markdown
from workspace.navigation import AREAS
from workspace.permissions import Action, can


def current_workspace():
    if "workspace" not in g:
        from workspace.admin.services import workspace_settings

        g.workspace = workspace_settings()
    return g.workspace


def _team_label(team: str | None) -> str:
    from flask_babel import gettext as _

    return {"marketing": _("Marketing"), "sales": _("Sales")}.get(team or "", _("No team"))


def _role_label(role: str | None) -> str:
    from flask_babel import gettext as _

    return {"head": _("Head"), "member": _("Member")}.get(role or "", "")


_MARKUP = re.compile(r"[*_`#>\[\]]|\(https?://[^)]*\)")


def _plain(text: str | None) -> str:
    """Markdown without its marks, for one-line excerpts (cheaper than rendering it)."""
    return re.sub(r"\s+", " ", _MARKUP.sub("", text or "")).strip()


def _when(value, format: str = "medium") -> Markup | str:
    if value is None:
        return ""
    iso = value.isoformat(timespec="seconds")
    return Markup('<time datetime="{}">{}</time>').format(iso, format_datetime(value, format))


def init_templating(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["when"] = _when
    app.jinja_env.filters["team"] = _team_label
    app.jinja_env.filters["role"] = _role_label
    app.jinja_env.filters["verb"] = verb_label
    app.jinja_env.filters["plain"] = _plain
    app.jinja_env.globals.update(can=can, Action=Action, nav_areas=AREAS, now=clock.now,
                                 current_workspace=current_workspace, get_locale=get_locale)
