"""The presence poll: a heartbeat in, a notice out, or 204 when nothing changed."""

from flask import Blueprint, abort, make_response, render_template, request
from flask_login import current_user

from workspace.access import require_login
from workspace.auth.sessions import PASSIVE_ENDPOINTS
from workspace.documents import document_type, find_document
from workspace.presence.services import heartbeat, presence_state
from workspace.urls import bounded_int

bp = Blueprint("presence", __name__)
require_login(bp)


@bp.post("/presence/<type_name>/<int:document_id>")
def poll(type_name: str, document_id: int):
    document = find_document(type_name, document_id)
    if document is None:
        abort(404)
    editing = request.form.get("editing") == "1"
    seen_revision = request.form.get("revision", 0, type=bounded_int)
    heartbeat(current_user, document, editing)
    state = presence_state(document, current_user, seen_revision)
    if state.digest() == request.form.get("seen"):
        return make_response("", 204)
    compare = document_type(type_name).compare_url
    return render_template(
        "presence/_notice.html", state=state, type_name=type_name, document_id=document_id,
        editing=editing, revision=seen_revision,
        compare_url=compare(document, seen_revision, state.current_revision)
        if compare and state.changed_by else None)


PASSIVE_ENDPOINTS.add("presence.poll")
