"""Home: what needs me now; and the health check."""

from datetime import datetime

from flask import Blueprint, jsonify
from flask_login import current_user, login_required
from sqlalchemy import text

from workspace.activity.services import recent_activity
from workspace.activity.views import feed_filters
from workspace.admin.services import pending_people
from workspace.areas import registry
from workspace.extensions import db
from workspace.kept import next_day_or_start
from workspace.kept_pages import kept_page
from workspace.permissions import Action, can

bp = Blueprint("home", __name__)
HOME_FEED_SIZE = 15


@bp.get("/")
@login_required
def index():
    return kept_page("home/index.html", _home)


def _home(now: datetime) -> tuple[dict, datetime]:
    """What needs the reader now, and the first moment a card may read otherwise unwritten."""
    until = min([next_day_or_start(now), *filter(None, (
        next_change(current_user, now) for next_change in registry().home_changes))])
    pending = pending_people() if can(current_user, Action.MANAGE_USERS) else []
    filters = feed_filters()
    needs = [need for need in (provider(current_user) for _, provider in registry().home)
             if need]
    return {"pending": pending, "filters": filters, "needs": needs,
            "entries": recent_activity(**filters, limit=HOME_FEED_SIZE)}, until


@bp.get("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")
