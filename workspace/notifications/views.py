"""My notifications; following and unfollowing a document."""

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from workspace import htmx
from workspace.access import require_login
from workspace.admin.forms import ConfirmForm
from workspace.documents import find_document
from workspace.notifications import services
from workspace.urls import bounded_int

bp = Blueprint("notifications", __name__)
require_login(bp)


@bp.get("/notifications")
def index():
    return htmx.render("notifications/index.html", "notifications/_list.html",
                       notifications=services.notifications_for(current_user),
                       action_form=ConfirmForm())


@bp.post("/notifications/read")
def mark_read():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.mark_read(current_user, request.form.get("id", type=bounded_int))
    if htmx.wants_fragment():
        response = htmx.render("notifications/index.html", "notifications/_list.html",
                               notifications=services.notifications_for(current_user),
                               action_form=ConfirmForm())
        return htmx.trigger(response, "notifications-read")
    return redirect(url_for("notifications.index"), 303)


@bp.get("/notifications/count")
def count():
    if not htmx.is_htmx():  # the bell refreshing itself; a person asking gets the list
        return redirect(url_for("notifications.index"), 303)
    return htmx.render("notifications/_badge.html", "notifications/_badge.html")


@bp.post("/follow/<type_name>/<int:document_id>")
def toggle_follow(type_name: str, document_id: int):
    document = find_document(type_name, document_id)
    if document is None or not ConfirmForm().validate_on_submit():
        abort(404 if document is None else 400)
    services.set_following(current_user, document, request.form.get("follow") == "1")
    if htmx.wants_fragment():
        return htmx.render("notifications/_follow.html", "notifications/_follow.html",
                           document=document, type_name=type_name)
    return redirect(request.referrer or url_for("home.index"), 303)


@bp.app_template_global()
def unread_notifications() -> int:
    if not current_user.is_authenticated:
        return 0
    return services.unread_count(current_user) + len(deadline_notices())


@bp.app_template_global()
def deadline_notices() -> list[tuple[str, str]]:
    """Computed once per request from stored deadlines."""
    from flask import g

    from workspace.notifications.derived import derived_notices

    if "deadline_notices" not in g:
        g.deadline_notices = derived_notices(current_user)
    return g.deadline_notices


@bp.app_template_global()
def following(document) -> bool:
    return services.is_following(current_user, document)


@bp.app_template_global()
def notification_text(notification) -> str:
    from flask_babel import gettext as _

    from workspace.notifications.wording import describe

    actor = notification.actor.name if notification.actor else _("Someone")
    return describe(notification.kind, actor, notification.target_label,
                    notification.target_type)
