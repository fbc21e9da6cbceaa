"""Meetings over the API (scope meetings:read); a heads' one-on-one never reaches a token."""

from datetime import UTC, datetime

from flask import jsonify, request

from workspace.api.auth import require_scope
from workspace.api.views import bp
from workspace.errors import api_errors
from workspace.extensions import db
from workspace.meetings import queries
from workspace.meetings.models import Meeting


@bp.get("/meetings")
@require_scope("meetings:read")
def list_meetings():
    bounds = {}
    for name in ("from", "to"):
        text = request.args.get(name)
        try:
            bounds[name] = _moment(text) if text is not None else None
        except (ValueError, OverflowError):  # also "", and year 1 at +05:00, which UTC lacks
            return api_errors(422, [{"field": name,
                                     "message": "A date (YYYY-MM-DD) or an ISO 8601 time."}])
    meetings = queries.meetings_between(bounds["from"], bounds["to"])
    return jsonify({"meetings": [_summary(meeting) for meeting in meetings]})


@bp.get("/meetings/<int:meeting_id>")
@require_scope("meetings:read")
def one_meeting(meeting_id: int):
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.is_private:
        return api_errors(404, [{"field": "id", "message": "No such meeting."}])
    return jsonify({**_summary(meeting), "notes": meeting.notes,
                    "decisions": [{"id": d.id, "text": d.text, "term_id": d.term_id,
                                   "agreement_version_id": d.agreement_version_id,
                                   "goal_id": d.goal_id} for d in queries.decisions_of(meeting)],
                    "action_items": [{"id": a.id, "text": a.text, "owner_email": a.owner.email,
                                      "due_on": a.due_on.isoformat() if a.due_on else None,
                                      "status": a.status}
                                     for a in queries.actions_of(meeting)]})


def _summary(meeting: Meeting) -> dict:
    return {"id": meeting.id, "kind": meeting.kind, "title": meeting.title,
            "starts_at": meeting.starts_at.isoformat(), "ends_at": meeting.ends_at.isoformat(),
            "status": meeting.status, "series_id": meeting.series_id,
            "organiser_email": meeting.organiser.email,
            "attendees": [attendee.user.email for attendee in meeting.attendees]}


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
