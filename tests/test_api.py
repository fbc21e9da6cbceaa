import re
from datetime import UTC, datetime

from flask import Flask

from workspace import clock
from workspace.api.models import SCOPES, ApiToken
from workspace.api.services import create_api_token
from workspace.extensions import db


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def test_admin_creates_a_token_shown_once_and_stored_hashed(admin_client):
    response = admin_client.post_form("/admin/tokens", {"name": "CRM sync",
                                                        "scopes": ["leads:write", "leads:read"]})
    assert response.status_code == 303
    page = admin_client.get("/admin/tokens").get_data(as_text=True)
    secret = re.search(r'id="token-secret"[^>]*value="([^"]+)"', page).group(1)
    assert secret not in admin_client.get("/admin/tokens").get_data(as_text=True)
    token = db.session.scalar(db.select(ApiToken))
    assert secret not in token.token_hash and token.scope_list == ["leads:write", "leads:read"]
    assert token.user.kind == "integration" and token.user.name == "CRM sync"


def test_token_form_needs_a_scope(admin_client):
    response = admin_client.post_form("/admin/tokens", {"name": "Dialer"})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 0


def test_api_answers_with_a_valid_token_without_csrf_or_session(client):
    issued = create_api_token("CRM sync", list(SCOPES), None)
    response = client.get("/api/v1/token", headers=bearer(issued.secret))
    assert response.status_code == 200
    assert response.json["name"] == "CRM sync" and response.json["scopes"] == list(SCOPES)


def test_api_refuses_missing_unknown_and_revoked_tokens_in_the_error_shape(admin_client,
                                                                          client):
    assert client.get("/api/v1/token").json == {"errors": [{
        "field": "Authorization",
        "message": "Send an API token as 'Authorization: Bearer <token>'."}]}
    assert client.get("/api/v1/token", headers=bearer("aln_nope")).status_code == 401
    issued = create_api_token("Dialer", ["leads:write"], None)
    assert admin_client.post_form(f"/admin/tokens/{issued.token.id}/revoke").status_code == 303
    response = client.get("/api/v1/token", headers=bearer(issued.secret))
    assert response.status_code == 401 and response.json["errors"][0]["field"] == "Authorization"


def test_integration_user_cannot_sign_in_to_pages(client):
    issued = create_api_token("Dialer", ["leads:write"], None)
    response = client.post_form("/login", {"email": issued.token.user.email, "password": "x"})
    assert response.status_code == 422


def test_unknown_api_path_answers_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and "errors" in response.json


def test_per_token_rate_limit_lives_in_the_database(app: Flask, client):
    clock.freeze(datetime(2026, 11, 2, 9, 0, 30, tzinfo=UTC))
    issued = create_api_token("Busy", ["leads:read"], None)
    app.config["API_RATE_PER_MINUTE"] = 3
    try:
        codes = [client.get("/api/v1/token", headers=bearer(issued.secret)).status_code
                 for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = client.get("/api/v1/token", headers=bearer(issued.secret))
        assert limited.headers["Retry-After"] == "30"
        assert limited.json["errors"][0]["message"] == "Rate limit reached for this token."
        clock.freeze(datetime(2026, 11, 2, 9, 1, 0, tzinfo=UTC))
        assert client.get("/api/v1/token", headers=bearer(issued.secret)).status_code == 200
    finally:
        app.config["API_RATE_PER_MINUTE"] = 600


def test_require_scope_refuses_a_token_without_it(app):
    from workspace.api.auth import require_scope

    issued = create_api_token("Reader", ["sla:read"], None)

    @require_scope("leads:write")
    def view():
        return "ok"

    with app.test_request_context(headers=bearer(issued.secret)):
        from flask import g

        g.api_token = db.session.get(ApiToken, issued.token.id)
        body, status = view()
        assert status == 403
        assert body.json["errors"][0]["field"] == "scope"
