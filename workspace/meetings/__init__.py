"""The meeting log: weekly joint meetings whose agendas build themselves, notes both teams
review, decisions, and action items that never fall through."""

from flask import Flask, abort, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from workspace import areas
from workspace.documents import DocumentType
from workspace.i18n import N_

# The shared mechanisms that take a (type, id) from the address: for a meeting the reader may
# not see (a one-on-one), they answer as if it did not exist.
SHARED_BY_ADDRESS = ("comments.thread", "comments.add", "presence.poll",
                     "notifications.toggle_follow", "activity.go")


def init_area(app: Flask) -> None:
    from workspace.meetings import models
    from workspace.meetings.needs import last_joint_meeting, my_actions, notes_to_review

    from . import api, feeds  # noqa: F401  (add GET /api/v1/meetings, /meetings/calendar)
    from .views import bp

    app.register_blueprint(bp)
    app.register_blueprint(feeds.feed_bp)
    app.before_request(_private_meetings_stay_private)
    app.jinja_env.globals.update(meeting_labels=models)
    areas.add_document_type(app, DocumentType(
        "meeting", "meetings", models.Meeting,
        url=lambda meeting: url_for("meetings.show", meeting_id=meeting.id),
        label=lambda meeting: meeting.title,
        verbs={"scheduled": N_("scheduled"), "closed": N_("closed"),
               "decided in": N_("recorded a decision in")},
        notifications={"invited": N_("%(actor)s invited you to %(target)s"),
                       "closed": N_("%(actor)s closed %(target)s"),
                       "action": N_("%(actor)s gave you an action in %(target)s")}))
    areas.add_nav(app, 35, "meetings.index", _l("Meetings"), "/meetings")
    areas.add_home(app, 27, my_actions)
    areas.add_home(app, 28, notes_to_review)
    areas.add_home(app, 90, last_joint_meeting)


def _private_meetings_stay_private():
    args = request.view_args or {}
    if request.endpoint not in SHARED_BY_ADDRESS or args.get("type_name") != "meeting":
        return None
    from workspace.extensions import db
    from workspace.meetings.models import Meeting

    meeting = db.session.get(Meeting, args.get("document_id"))
    if meeting is not None and current_user.is_authenticated and \
            not meeting.visible_to(current_user):
        abort(404)
    return None
