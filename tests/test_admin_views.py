import re

from sqlalchemy import select

from tests.factories import PASSWORD, make_user
from workspace.admin.models import WorkspaceSettings
from workspace.auth.models import User
from workspace.extensions import db


def test_only_the_admin_reaches_administration(admin_client, marketing_head_client,
                                               sales_rep_client):
    assert admin_client.get("/admin/people").status_code == 200
    assert marketing_head_client.get("/admin/people").status_code == 403
    assert sales_rep_client.get("/admin/tokens").status_code == 403
    assert sales_rep_client.post_form("/admin/workspace", {"name": "x"}).status_code == 403


def test_admin_invites_and_sees_the_link_once(admin_client, client):
    response = admin_client.post_form("/admin/people", {
        "email": "Nueva@Example.test", "name": "Nueva Persona", "team": "sales",
        "role": "member"})
    assert response.status_code == 303
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    link = re.search(r'value="(http://localhost/invite/[^"]+)"', page).group(1)
    again = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert link not in again
    user = db.session.scalar(select(User).where(User.email == "nueva@example.test"))
    assert (user.team, user.role, user.has_joined) == ("sales", "member", False)
    assert client.get(link.removeprefix("http://localhost")).status_code == 200


def test_pending_invitations_show_on_the_admin_home(admin_client):
    make_user(name="Pending Pat", joined=False)
    assert "Pending Pat" in admin_client.get("/").get_data(as_text=True)


def test_invite_refuses_bad_input_and_a_taken_email(admin_client, admin):
    before = db.session.scalar(select(db.func.count()).select_from(User))
    response = admin_client.post_form("/admin/people", {
        "email": admin.email.upper(), "name": "", "team": "legal", "role": "boss"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "already in the workspace" in body
    assert body.count('class="error"') == 4
    assert db.session.scalar(select(db.func.count()).select_from(User)) == before


def test_deactivation_needs_confirmation_and_ends_their_sessions(app, admin_client):
    rep = make_user("sales", "member")
    rep_client = app.test_client()
    rep_client.sign_in(rep)
    confirm = admin_client.get(f"/admin/people/{rep.id}/deactivate")
    assert confirm.status_code == 200 and "Deactivate" in confirm.get_data(as_text=True)
    db.session.refresh(rep)
    assert rep.is_active
    assert admin_client.post_form(f"/admin/people/{rep.id}/deactivate").status_code == 303
    db.session.refresh(rep)
    assert not rep.is_active
    assert rep_client.get("/").status_code == 302
    again = app.test_client().post_form("/login", {"email": rep.email, "password": PASSWORD})
    assert "deactivated" in again.get_data(as_text=True)


def test_admin_cannot_deactivate_themself(admin_client, admin):
    admin_client.post_form(f"/admin/people/{admin.id}/deactivate")
    db.session.refresh(admin)
    assert admin.is_active


def test_admin_changes_team_and_role(admin_client):
    person = make_user("marketing", "member")
    response = admin_client.post_form(f"/admin/people/{person.id}/membership",
                                      {"team": "sales", "role": "head"})
    assert response.status_code == 303
    db.session.refresh(person)
    assert (person.team, person.role) == ("sales", "head")


def test_admin_sets_workspace_name_currency_and_time_zone(admin_client):
    response = admin_client.post_form("/admin/workspace", {
        "name": "Acme", "currency": "EUR", "timezone": "Europe/Madrid"})
    assert response.status_code == 303
    settings = db.session.scalar(select(WorkspaceSettings))
    assert (settings.name, settings.currency, settings.timezone) == (
        "Acme", "EUR", "Europe/Madrid")


def test_workspace_settings_refuse_unknown_currency_and_zone(admin_client):
    response = admin_client.post_form("/admin/workspace", {
        "name": "Acme", "currency": "XXX", "timezone": "Nowhere/Here"})
    assert response.status_code == 422
    assert db.session.scalar(select(WorkspaceSettings.currency)) in (None, "USD")


def test_the_currency_stays_once_amounts_are_recorded_in_it(admin_client):
    from workspace.metrics.spend import record_spend

    record_spend(make_user("marketing", "head"), "2026-03", "marketing", "Q1", 3_000_00)
    refused = admin_client.post_form("/admin/workspace", {
        "name": "Acme", "currency": "EUR", "timezone": "Europe/Madrid"})
    assert refused.status_code == 422
    assert "Amounts are already recorded in USD" in refused.get_data(as_text=True)
    db.session.expire_all()
    settings = db.session.scalar(select(WorkspaceSettings))
    assert (settings.name, settings.currency, settings.timezone) == ("Alinea", "USD", "UTC")
    kept = admin_client.post_form("/admin/workspace", {
        "name": "Acme", "currency": "USD", "timezone": "Europe/Madrid"})
    assert kept.status_code == 303  # the rest of the settings still change


def test_an_sla_money_threshold_holds_the_currency_too(admin_client):
    from tests.lead_builders import sla_in_force

    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    refused = admin_client.post_form("/admin/workspace", {
        "name": "Acme", "currency": "EUR", "timezone": "UTC"})
    assert refused.status_code == 422


def test_a_new_token_starts_with_no_scope_ticked_and_offers_a_copy_button(admin_client):
    import re

    form = admin_client.get("/admin/tokens").get_data(as_text=True)
    boxes = re.findall(r'<input[^>]*name="scopes"[^>]*>', form)
    assert boxes and not [box for box in boxes if "checked" in box]
    admin_client.post_form("/admin/tokens", {"name": "CRM sync", "scopes": ["leads:read"]})
    page = admin_client.get("/admin/tokens").get_data(as_text=True)
    assert re.search(r'id="token-secret"[^>]*data-copy-label="Copy"', page)


def test_pages_state_the_invitation_lifetime_the_setting_gives(app, admin_client):
    days = app.config["INVITATION_DAYS"]
    app.config["INVITATION_DAYS"] = 3
    try:
        page = admin_client.get("/admin/people").get_data(as_text=True)
    finally:
        app.config["INVITATION_DAYS"] = days
    assert "The link works once, for 3 days." in page


def test_a_signed_in_page_reads_the_workspace_with_the_user_and_shows_a_change_at_once(
        admin_client):
    from sqlalchemy import event

    statements = []

    def record(conn, cursor, statement, *_):
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert admin_client.get("/notifications").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    reads = [s for s in statements if "FROM workspace_settings" in s or
             "JOIN workspace_settings" in s]
    assert len(reads) == 1 and "FROM users" in reads[0]  # one round trip for both
    admin_client.post_form("/admin/workspace", {"name": "Acme Renamed", "currency": "USD",
                                                "timezone": "UTC"})
    assert "Acme Renamed" in admin_client.get("/").get_data(as_text=True)
