from datetime import UTC, datetime, timedelta

from tests.conftest import HTMX
from tests.factories import PASSWORD, make_admin, make_user
from workspace import clock
from workspace.auth.models import User
from workspace.auth.services import invite_user
from workspace.extensions import db


def test_anonymous_page_request_goes_to_sign_in_with_next(client):
    response = client.get("/settings")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/settings")


def test_anonymous_htmx_request_gets_401_and_hx_redirect(client):
    response = client.get("/settings", headers={**HTMX, "HX-Current-URL": "http://localhost/"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")
    assert "<html" not in response.get_data(as_text=True)


def test_sign_in_redirects_to_a_local_next_only(client):
    user = make_user()
    response = client.post_form("/login?next=/settings",
                                {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/settings"
    client.post_form("/logout")
    response = client.post_form("/login?next=//evil.example/x",
                                {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_wrong_password_and_unknown_email_give_the_same_answer(client):
    user = make_user()
    wrong = client.post_form("/login", {"email": user.email, "password": "nope nope"})
    unknown = client.post_form("/login", {"email": "who@example.test", "password": "nope nope"})
    assert wrong.status_code == unknown.status_code == 422
    assert "Email or password is incorrect." in wrong.get_data(as_text=True)
    assert "Email or password is incorrect." in unknown.get_data(as_text=True)


def test_sign_in_form_errors_are_422_beside_the_field(client):
    response = client.post_form("/login", {"email": "not-an-email", "password": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in body and 'id="email-error"' in body


def test_repeated_failures_slow_down_with_429_and_retry_after(client, app):
    clock.freeze(datetime(2026, 4, 1, 9, tzinfo=UTC))
    user = make_user()
    for _ in range(app.config["SIGN_IN_FREE_FAILURES"]):
        client.post_form("/login", {"email": user.email, "password": "nope nope"})
    response = client.post_form("/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 429 and response.headers["Retry-After"] == "1"
    assert "Too many wrong passwords from here. Try again in 1 second." in (
        response.get_data(as_text=True))


def test_changing_the_password_is_throttled_too(app):
    clock.freeze(datetime(2026, 4, 1, 9, tzinfo=UTC))
    user = make_user()
    client = app.test_client()
    client.sign_in(user)
    for _ in range(app.config["SIGN_IN_FREE_FAILURES"]):
        wrong = client.post_form("/settings/password", {"current": "nope", "password": "x" * 12,
                                                        "confirm": "x" * 12})
        assert wrong.status_code == 422
    slowed = client.post_form("/settings/password", {"current": PASSWORD, "password": "y" * 12,
                                                     "confirm": "y" * 12})
    assert slowed.status_code == 429 and "Retry-After" in slowed.headers


def test_post_without_csrf_is_refused(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code in (302, 400, 401)
    assert client.get("/settings").status_code == 302


def test_sign_out_makes_a_copied_session_cookie_useless(app, client):
    user = make_user()
    client.sign_in(user)
    copied = client.get_cookie("session").value
    client.post_form("/logout")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/settings").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client):
    user = make_user()
    other = app.test_client()
    other.sign_in(user)
    client.sign_in(user)
    response = client.post_form("/settings/password", {
        "current": PASSWORD, "password": "a new long password", "confirm": "a new long password"})
    assert response.status_code == 303
    assert client.get("/settings").status_code == 200
    assert other.get("/settings").status_code == 302


def test_password_change_over_htmx_answers_the_fragment(client):
    client.sign_in(make_user())
    response = client.post_form("/settings/password", {
        "current": PASSWORD, "password": "a new long password", "confirm": "a new long password",
    }, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and 'id="password-card"' in body
    assert "HX-Request" in response.headers["Vary"]


def test_password_change_refuses_wrong_current_password_and_changes_nothing(client):
    user = make_user()
    client.sign_in(user)
    response = client.post_form("/settings/password", {
        "current": "not it at all", "password": "a new long password",
        "confirm": "a new long password"}, htmx=True)
    assert response.status_code == 422
    assert "That is not your current password." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_settings_save_name_language_and_time_zone(client):
    user = make_user()
    client.sign_in(user)
    response = client.post_form("/settings/profile", {
        "name": "Ana María", "locale": "es", "timezone": "America/Bogota"})
    assert response.status_code == 303
    db.session.refresh(user)
    assert (user.name, user.locale, user.timezone) == ("Ana María", "es", "America/Bogota")
    assert "Tus ajustes" in client.get("/settings").get_data(as_text=True)


def test_settings_refuse_bad_input_and_change_nothing(client):
    user = make_user(name="Before")
    client.sign_in(user)
    response = client.post_form("/settings/profile", {
        "name": "", "locale": "fr", "timezone": "Mars/Olympus"})
    assert response.status_code == 422
    assert response.get_data(as_text=True).count('class="error"') == 3
    db.session.refresh(user)
    assert (user.name, user.locale, user.timezone) == ("Before", "en", "UTC")


def test_invitation_acceptance_signs_the_person_in(client):
    issued = invite_user("new@example.test", "Nuevo", "sales", "member", make_admin())
    page = client.get(f"/invite/{issued.token}")
    assert page.status_code == 200 and "Nuevo" in page.get_data(as_text=True)
    response = client.post_form(f"/invite/{issued.token}", {
        "password": "my new password", "confirm": "my new password"})
    assert response.status_code == 303
    assert client.get("/").status_code == 200


def test_invitation_acceptance_refuses_bad_input_and_keeps_the_link(client):
    issued = invite_user("new@example.test", "Nuevo", "sales", "member", make_admin())
    response = client.post_form(f"/invite/{issued.token}", {"password": "short", "confirm": "x"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Use at least 10 characters." in body and "The passwords differ." in body
    user = db.session.get(User, issued.user.id)
    assert user.password_hash is None
    assert client.get(f"/invite/{issued.token}").status_code == 200


def test_used_or_unknown_invitation_shows_a_clear_page(client):
    assert client.get("/invite/not-a-token").status_code == 404
    issued = invite_user("new@example.test", "Nuevo", "sales", "member", make_admin())
    client.post_form(f"/invite/{issued.token}", {"password": "my new password",
                                                 "confirm": "my new password"})
    client.post_form("/logout")
    response = client.get(f"/invite/{issued.token}")
    assert response.status_code == 404
    assert "no longer works" in response.get_data(as_text=True)


def test_idle_session_expires_but_polling_would_not_refresh_it(app, client):
    client.sign_in(make_user())
    clock.freeze(clock.now() + app.config["PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=1))
    assert client.get("/settings").status_code == 302


def test_remember_me_outlives_the_idle_timeout(app, client):
    user = make_user()
    client.post_form("/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    clock.freeze(clock.now() + app.config["PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=1))
    assert client.get("/settings").status_code == 200


def test_expired_session_on_htmx_post_gets_401_even_when_csrf_fails(app, client):
    client.sign_in(make_user())
    token = client.csrf_token()
    clock.freeze(clock.now() + app.config["SESSION_ABSOLUTE_LIFETIME"] + timedelta(minutes=1))
    response = client.post("/settings/password", data={"csrf_token": token}, headers=HTMX)
    assert response.status_code == 401
    assert "HX-Redirect" in response.headers


def test_language_can_be_chosen_before_signing_in(client):
    client.post_form("/language", {"locale": "es"})
    assert "Iniciar sesión" in client.get("/login").get_data(as_text=True)


def test_passive_endpoints_do_not_keep_a_session_alive(app):
    from flask import session

    from workspace.auth.sessions import PASSIVE_ENDPOINTS, check_session_lifetime

    with app.test_request_context("/healthz"):
        now = clock.now().timestamp()
        session.update(_user_id="1:1", signed_in_at=now - 300, seen_at=now - 120)
        PASSIVE_ENDPOINTS.add("home.healthz")
        try:
            check_session_lifetime()
            assert session["seen_at"] < clock.now().timestamp() - 100
        finally:
            PASSIVE_ENDPOINTS.discard("home.healthz")
        check_session_lifetime()
        assert session["seen_at"] >= clock.now().timestamp() - 1


def test_invitation_is_mailed_when_smtp_is_configured(app, admin_client, monkeypatch):
    sent = []

    class RecordingSMTP:
        def __init__(self, host, port, timeout):
            sent.append({"host": host})

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent[-1]["tls"] = True

        def send_message(self, message):
            sent[-1].update(to=message["To"], body=message.get_content())

    monkeypatch.setattr("smtplib.SMTP", RecordingSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.test")
    admin_client.post_form("/admin/people", {"email": "mailme@example.test", "name": "Mail Me",
                                             "team": "sales", "role": "member"})
    assert sent and sent[0]["to"] == "mailme@example.test" and sent[0]["tls"]
    assert "http://localhost/invite/" in sent[0]["body"]
