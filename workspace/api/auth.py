"""Bearer-token authentication and scopes for /api/v1/. No session, no CSRF."""

from functools import wraps

from flask import g, request

from workspace.api.models import ApiToken
from workspace.api.services import take_rate_slot, token_for_secret
from workspace.errors import api_errors


def authenticate_request():
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return _unauthorized("Send an API token as 'Authorization: Bearer <token>'.")
    token = token_for_secret(secret.strip())
    if token is None:
        return _unauthorized("This API token is unknown or has been revoked.")
    wait = take_rate_slot(token)
    if wait is not None:
        response, status = api_errors(429, [{"field": None,
                                             "message": "Rate limit reached for this token."}])
        response.headers["Retry-After"] = str(wait)
        return response, status
    g.api_token = token
    return None


def _unauthorized(message: str):
    response, status = api_errors(401, [{"field": "Authorization", "message": message}])
    response.headers["WWW-Authenticate"] = 'Bearer realm="alinea"'
    return response, status


def current_token() -> ApiToken:
    return g.api_token


def require_scope(scope: str):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_token().allows(scope):
                return api_errors(403, [{"field": "scope",
                                         "message": f"This token lacks the '{scope}' scope."}])
            return view(*args, **kwargs)

        return wrapped

    return decorator
