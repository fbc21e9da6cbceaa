"""The meeting log: weekly joint meetings whose agendas build themselves, notes both teams
review, decisions that amend the shared documents, and action items that never fall through."""

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

from workspace import areas
from workspace.documents import DocumentType
from workspace.i18n import N_


def init_area(app: Flask) -> None:
    from workspace.meetings import models
    from workspace.meetings.amendments import amending_origin, decided_in
    from workspace.meetings.needs import (
        last_joint_meeting,
        my_actions,
        next_joint_meeting_change,
        notes_to_review,
    )
    from workspace.meetings.queries import searchable_text

    from . import api, feeds  # noqa: F401  (add GET /api/v1/meetings, /meetings/calendar)
    from .views import bp

    app.register_blueprint(bp)
    app.register_blueprint(feeds.feed_bp)
    app.jinja_env.globals.update(meeting_labels=models)
    areas.add_document_type(app, DocumentType(
        "meeting", "meetings", models.Meeting,
        url=lambda meeting: url_for("meetings.show", meeting_id=meeting.id),
        # A series repeats its title: the day tells its meetings apart in lists (where used,
        # the feed). Stored labels are read in any language, so the day is written ISO-style.
        label=lambda meeting: f"{meeting.title} · {meeting.starts_at:%Y-%m-%d}",
        text=searchable_text,
        verbs={"scheduled": N_("scheduled"), "closed": N_("closed"),
               "decided in": N_("recorded a decision in")},
        notifications={"invited": N_("%(actor)s invited you to %(target)s"),
                       "closed": N_("%(actor)s closed %(target)s"),
                       "action": N_("%(actor)s gave you an action in %(target)s")},
        # A heads' one-on-one is its attendees' and the admin's, wherever it is reached.
        may_see=lambda meeting, user: meeting.visible_to(user)))
    areas.add_nav(app, 35, "meetings.index", _l("Meetings"), "/meetings")
    areas.add_home(app, 27, my_actions)
    areas.add_home(app, 28, notes_to_review)
    areas.add_home(app, 90, last_joint_meeting, next_joint_meeting_change)
    areas.add_backlinks(app, decided_in)
    areas.add_edit_origin(app, amending_origin)
