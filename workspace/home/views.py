"""Home: what needs me now; and the health check."""

from flask import Blueprint, jsonify, render_template
from flask_login import current_user, login_required
from sqlalchemy import text

from workspace.activity.services import recent_activity
from workspace.activity.views import feed_filters
from workspace.admin.services import pending_people
from workspace.areas import registry
from workspace.extensions import db
from workspace.permissions import Action, can

bp = Blueprint("home", __name__)
HOME_FEED_SIZE = 15


@bp.get("/")
@login_required
def index():
    pending = pending_people() if can(current_user, Action.MANAGE_USERS) else []
    filters = feed_filters()
    needs = [need for need in (provider(current_user) for _, provider in registry().home)
             if need]
    return render_template("home/index.html", pending=pending, filters=filters, needs=needs,
                           entries=recent_activity(**filters, limit=HOME_FEED_SIZE))


@bp.get("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")
