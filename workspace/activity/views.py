"""The feed fragment on the home page, and stable links to any document."""

from flask import Blueprint, abort, redirect, request

from workspace import htmx
from workspace.access import require_login
from workspace.activity.services import recent_activity
from workspace.areas import registry
from workspace.auth.models import TEAMS
from workspace.documents import document_url

bp = Blueprint("activity", __name__)
require_login(bp)



def feed_filters() -> dict:
    """The feed's filters from the query string; unknown values mean no filter."""
    area = request.args.get("area") or None
    team = request.args.get("team") or None
    known_areas = {a.prefix.strip("/") for a in registry().nav}
    return {"area": area if area in known_areas else None,
            "team": team if team in TEAMS else None}


@bp.get("/activity")
def feed():
    filters = feed_filters()
    return htmx.render("activity/index.html", "activity/_feed.html",
                       entries=recent_activity(**filters), filters=filters)


@bp.get("/go/<type_name>/<int:document_id>")
def go(type_name: str, document_id: int):
    url = document_url(type_name, document_id)
    if url is None:
        abort(404)
    return redirect(url)
