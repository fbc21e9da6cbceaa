"""Sessions that really end: a per-user version, idle and absolute lifetimes, htmx-aware 401s."""

from datetime import datetime
from functools import cache

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError

from workspace import clock
from workspace.auth.models import User
from workspace.extensions import db, login_manager
from workspace.htmx import flash_fragment, is_htmx, sign_in_redirect

# Endpoints that poll in the background: they must not keep an idle session alive.
PASSIVE_ENDPOINTS: set[str] = set()
_SEEN_RESOLUTION_SECONDS = 60


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    ident, _, version = user_id.partition(":")
    if not ident.isdigit() or not version.isdigit():
        return None
    user = _user_and_workspace(int(ident))
    if user is None or user.session_version != int(version) or not user.is_active:
        return None
    if user.kind != "person":
        return None
    return user


def _user_and_workspace(user_id: int) -> User | None:
    """The signed-in person and the workspace's settings row in one round trip: every page
    shows both, and the settings then cost no query of their own (templating's
    current_workspace and admin's workspace_settings read them from `g`)."""
    row = db.session.execute(_user_and_workspace_query(), {"user_id": user_id}).first()
    if row is None:
        return None
    if row[1] is not None:
        g.workspace = row[1]
    return row[0]


@cache
def _user_and_workspace_query():
    """Built once: every request runs it, and building a statement costs more than its
    lookup in SQLAlchemy's compiled cache."""
    from sqlalchemy import bindparam, select, true

    from workspace.admin.models import WorkspaceSettings

    return select(User, WorkspaceSettings).outerjoin(WorkspaceSettings, true()).where(
        User.id == bindparam("user_id")).limit(1)


def start_session(user: User, remember: bool, keep_csrf: bool = False) -> None:
    """A fresh session: nothing carried over from before sign-in but the language.

    `keep_csrf` keeps the CSRF secret when the page stays open (a password change in place).
    """
    kept = {key: session[key] for key in ("locale", "csrf_token")
            if key in session and (key == "locale" or keep_csrf)}
    session.clear()
    session.update(kept)
    session.permanent = True
    login_user(user, remember=remember)
    stamp = clock.now().timestamp()
    session["signed_in_at"] = stamp
    session["seen_at"] = stamp
    session["remember"] = remember
    # The password was just typed: sensitive actions (signing an SLA) count from here.
    session["password_checked_at"] = stamp


def end_session() -> None:
    logout_user()
    session.clear()


def _expired(now: datetime) -> bool:
    signed_in_at = session["signed_in_at"]
    seen_at = session["seen_at"]
    config = current_app.config
    if session.get("remember"):
        # "Remember me" means staying signed in for as long as that cookie lasts.
        idle = absolute = config["REMEMBER_COOKIE_DURATION"].total_seconds()
    else:
        idle = config["PERMANENT_SESSION_LIFETIME"].total_seconds()
        absolute = config["SESSION_ABSOLUTE_LIFETIME"].total_seconds()
    stamp = now.timestamp()
    return stamp - seen_at > idle or stamp - signed_in_at > absolute


def check_session_lifetime() -> None:
    if "_user_id" not in session:
        return
    now = clock.now()
    if "signed_in_at" not in session:
        # Restored from the remember-me cookie: a session of its own starts now.
        session.update(signed_in_at=now.timestamp(), seen_at=now.timestamp(), remember=True)
        return
    if _expired(now):
        logout_user()
        session.clear()
        return
    if request.endpoint in PASSIVE_ENDPOINTS:
        return
    if now.timestamp() - session.get("seen_at", 0) > _SEEN_RESOLUTION_SECONDS:
        session["seen_at"] = now.timestamp()


def unauthorized():
    if is_htmx():
        return sign_in_redirect()
    flash(_l("Please sign in to continue."), "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def csrf_failed(error: CSRFError):
    if not current_user.is_authenticated:
        return unauthorized()
    message = _l("This form had expired. Please try again.")
    if is_htmx():
        return flash_fragment(str(message), 400)
    flash(message, "error")
    return redirect(request.referrer if _is_local(request.referrer) else url_for("home.index"))


def _is_local(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url)


def init_sessions(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.unauthorized_handler(unauthorized)
    login_manager.session_protection = "basic"
    app.before_request(check_session_lifetime)
    app.register_error_handler(CSRFError, csrf_failed)
