"""/api/v1/: the areas add their endpoints here; this one lets an integration check its token.
The API's description is public: reading it needs no token."""

from hashlib import sha256

from flask import Blueprint, Response, jsonify, request

from workspace.api.auth import authenticate_request, current_token
from workspace.api.bodies import refuse_unknown_query

bp = Blueprint("api", __name__)
bp.before_request(authenticate_request)
bp.before_request(refuse_unknown_query)
public = Blueprint("api_public", __name__)


@bp.get("/token")
def token_info():
    token = current_token()
    return jsonify(name=token.user.name, scopes=token.scope_list,
                   created_at=token.created_at.isoformat())


@public.get("/openapi.json")
def openapi_document():
    from workspace.api.openapi import document_json

    body = document_json()
    response = Response(body, mimetype="application/json")
    response.set_etag(sha256(body.encode()).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response.make_conditional(request)
