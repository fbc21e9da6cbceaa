"""/api/v1/: the areas add their endpoints here; this one lets an integration check its token."""

from flask import Blueprint, jsonify

from workspace.api.auth import authenticate_request, current_token

bp = Blueprint("api", __name__)
bp.before_request(authenticate_request)


@bp.get("/token")
def token_info():
    token = current_token()
    return jsonify(name=token.user.name, scopes=token.scope_list,
                   created_at=token.created_at.isoformat())
