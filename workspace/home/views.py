"""Home: what needs me now; and the health check."""

from flask import Blueprint, jsonify, render_template
from flask_login import current_user, login_required
from sqlalchemy import text

from workspace.admin.services import pending_people
from workspace.extensions import db
from workspace.permissions import Action, can

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index():
    pending = pending_people() if can(current_user, Action.MANAGE_USERS) else []
    return render_template("home/index.html", pending=pending)


@bp.get("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")
