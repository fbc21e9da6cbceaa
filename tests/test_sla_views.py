"""The SLA over HTTP: drafting, the editor's validation, sign-off, tampering, the API."""

import re

from sqlalchemy import text

from tests.conftest import HTMX
from tests.factories import make_user
from workspace.api.services import create_api_token
from workspace.extensions import db
from workspace.sla import services
from workspace.sla.rules import clean_rule

EDITOR = {"text": "Marketing hands over qualified leads; sales follows up fast.",
          "mql_target_per_month": "100", "first_contact_minutes": "60", "min_attempts": "4",
          "feedback_hours": "48", "review_on": "2026-09-01", "effective_on": "",
          "rules-0-field": "employees", "rules-0-op": ">", "rules-0-value": "100",
          "rules-1-field": "marketing_budget_monthly", "rules-1-op": ">",
          "rules-1-value": "30000", "summary": ""}


def signed_version(marketing, sales, **changes):
    version = services.draft_version(marketing)
    fields = {"text": "We agree.", "review_on": "2026-09-01",
              "mql_rules": [clean_rule("employees", ">", "100")], **changes}
    services.edit_draft(version, fields, version.current_revision, marketing)
    services.propose(version, marketing)
    services.sign(version, marketing, version.content_hash)
    services.sign(version, sales, version.content_hash)
    return version


def test_a_head_drafts_edits_and_proposes(marketing_head_client):
    response = marketing_head_client.post_form("/sla/drafts")
    assert response.headers["Location"] == "/sla/1/edit"
    form = marketing_head_client.get("/sla/1/edit").get_data(as_text=True)
    base = re.search(r'name="base_revision" type="hidden" value="(\d+)"', form).group(1)
    saved = marketing_head_client.post_form("/sla/1/edit", {**EDITOR, "base_revision": base})
    assert saved.status_code == 303
    page = marketing_head_client.get("/sla/1").get_data(as_text=True)
    assert "employees more than 100" in page and "$30,000.00" in page
    proposed = marketing_head_client.post_form("/sla/1/propose", htmx=True)
    assert proposed.status_code == 200 and 'id="signoff"' in proposed.get_data(as_text=True)
    assert proposed.headers["HX-Trigger"] == "sla-proposed"


def test_the_editor_names_every_bad_value(marketing_head_client):
    marketing_head_client.post_form("/sla/drafts")
    response = marketing_head_client.post_form("/sla/1/edit", {
        **EDITOR, "base_revision": "1", "mql_target_per_month": "-5",
        "rules-0-field": "revenue", "rules-1-value": "lots", "rules-2-field": "industry",
        "rules-2-op": ">", "rules-2-value": "saas"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Number must be between 0 and 1000000." in body
    assert "Unknown field “revenue”." in body
    assert "Give a number." in body and "Text can only be compared" in body
    assert services.version_by_number(1).current_revision == 1


def test_members_cannot_draft_or_sign(marketer_client):
    assert marketer_client.post_form("/sla/drafts").status_code == 403
    assert marketer_client.post_form("/sla/1/sign").status_code == 403


def test_signing_needs_the_hash_on_the_page_and_a_fresh_password(app, sales_head_client):
    marketing = make_user("marketing", "head")
    version = services.draft_version(marketing)
    services.edit_draft(version, {"text": "t", "review_on": "2026-09-01", "mql_rules": [
        clean_rule("employees", ">", "100")]}, 1, marketing)
    services.propose(version, marketing)
    wrong = sales_head_client.post_form("/sla/1/sign", {"content_hash": "0" * 64, "consent": "y"},
                                        htmx=True)
    assert wrong.status_code == 422 and "changed since you opened it" in wrong.get_data(
        as_text=True)
    from datetime import timedelta

    from workspace import clock

    clock.freeze(clock.now() + timedelta(minutes=20))
    stale = sales_head_client.post_form("/sla/1/sign", {"content_hash": version.content_hash,
                                                        "consent": "y"}, htmx=True)
    assert stale.status_code == 422 and "Enter your password" in stale.get_data(as_text=True)
    from tests.factories import PASSWORD

    ok = sales_head_client.post_form("/sla/1/sign", {"content_hash": version.content_hash,
                                                     "consent": "y", "password": PASSWORD},
                                     htmx=True)
    assert ok.status_code == 200 and "Signed by" in ok.get_data(as_text=True)


def test_tampering_is_shown_on_the_page_and_in_the_api(client, sales_head_client):
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    version = signed_version(marketing, sales)
    connection = db.session.connection()
    dialect = connection.dialect.name
    from workspace.sla.guard import CREATE, DROP

    for statement in DROP[dialect]:
        db.session.execute(text(statement))
    db.session.execute(text("UPDATE agreement_versions SET min_attempts = 1 WHERE id = :id"),
                       {"id": version.id})
    for statement in CREATE[dialect]:
        db.session.execute(text(statement))
    db.session.commit()
    assert "Tampering detected." in sales_head_client.get("/sla/1").get_data(as_text=True)
    token = create_api_token("Dashboards", ["sla:read"], None)
    body = client.get("/api/v1/sla/active",
                      headers={"Authorization": f"Bearer {token.secret}"}).json
    assert body["intact"] is False


def test_api_returns_the_version_in_force_with_money_in_major_units(client):
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    token = create_api_token("Dashboards", ["sla:read"], None)
    headers = {"Authorization": f"Bearer {token.secret}"}
    missing = client.get("/api/v1/sla/active", headers=headers)
    assert missing.status_code == 404 and missing.json["errors"][0]["message"]
    signed_version(marketing, sales, mql_rules=[
        clean_rule("marketing_budget_monthly", ">", "30000"),
        clean_rule("country", "in", "ES, MX")])
    body = client.get("/api/v1/sla/active", headers=headers).json
    assert body["number"] == 1 and body["status"] == "active" and len(body["content_hash"]) == 64
    assert body["commitments"]["mql_rules"] == [
        {"field": "marketing_budget_monthly", "op": ">", "value": 30000.0},
        {"field": "country", "op": "in", "value": ["es", "mx"]}]
    assert {s["team"] for s in body["signatures"]} == {"marketing", "sales"}
    assert client.get("/api/v1/sla/versions/1", headers=headers).json["number"] == 1
    assert client.get("/api/v1/sla/versions/9", headers=headers).status_code == 404
    no_scope = create_api_token("Leads", ["leads:write"], None)
    assert client.get("/api/v1/sla/active", headers={
        "Authorization": f"Bearer {no_scope.secret}"}).status_code == 403


def test_compare_shows_clause_by_clause_changes(sales_head_client):
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    signed_version(marketing, sales)
    second = services.draft_version(marketing, services.version_by_number(1))
    services.edit_draft(second, {"first_contact_minutes": 30}, second.current_revision,
                        marketing)
    page = sales_head_client.get("/sla/2/compare?with=1").get_data(as_text=True)
    assert re.search(r"60 minutes</td><td>30 minutes", page)


def test_home_shows_a_waiting_signature(sales_head_client):
    marketing = make_user("marketing", "head")
    version = services.draft_version(marketing)
    services.edit_draft(version, {"text": "t", "review_on": "2026-09-01", "mql_rules": [
        clean_rule("employees", ">", "100")]}, 1, marketing)
    services.propose(version, marketing)
    page = sales_head_client.get("/").get_data(as_text=True)
    assert "Your signature is waiting" in page and 'href="/sla/1"' in page


def test_overview_without_agreement_invites_a_draft(sales_head_client):
    page = sales_head_client.get("/sla/").get_data(as_text=True)
    assert "No agreement is in force yet." in page and "Draft the first agreement" in page


def test_print_record_has_the_certificate(sales_head_client):
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    version = signed_version(marketing, sales)
    page = sales_head_client.get("/sla/1/print").get_data(as_text=True)
    assert version.content_hash in page and "Signature record" in page


def test_htmx_panel_fragment_holds_no_page(sales_head_client):
    marketing = make_user("marketing", "head")
    services.draft_version(marketing)
    response = sales_head_client.post_form("/sla/1/propose", htmx=True)
    assert response.status_code == 422 and "<html" not in response.get_data(as_text=True)
    assert "at least one rule" in response.get_data(as_text=True)
    assert HTMX


def test_a_stale_draft_save_reopens_the_editor_with_the_merge(app, marketing_head_client):
    marketing_head_client.post_form("/sla/drafts")
    sales_head = app.test_client()
    sales_head.sign_in(make_user("sales", "head", name="David"))
    saved = sales_head.post_form("/sla/1/edit", {**EDITOR, "base_revision": "1",
                                                 "first_contact_minutes": "30"})
    assert saved.status_code == 303
    stale = marketing_head_client.post_form("/sla/1/edit", {**EDITOR, "base_revision": "1",
                                                            "min_attempts": "6"})
    body = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "David saved a new version" in body
    assert re.search(r'name="base_revision" type="hidden" value="2"', body)
    assert re.search(r'id="min_attempts"[^>]*value="6"', body)
    assert re.search(r'id="first_contact_minutes"[^>]*value="30"', body)
    assert re.search(r'<option selected value="employees">', body)
    assert services.version_by_number(1).min_attempts == 4


def test_the_sign_off_says_what_happened_with_htmx_and_without(sales_head_client):
    marketing = make_user("marketing", "head")
    versions = []
    for _ in range(2):
        version = services.draft_version(marketing)
        services.edit_draft(version, {"text": "t", "review_on": "2026-09-01", "mql_rules": [
            clean_rule("employees", ">", "100")]}, version.current_revision, marketing)
        versions.append(services.propose(version, marketing))
    first, second = versions
    for htmx in (True, False):  # a refusal: the panel, or the page around it, both 422
        refused = sales_head_client.post_form("/sla/1/sign", {"content_hash": "0" * 64,
                                                              "consent": "y"}, htmx=htmx)
        body = refused.get_data(as_text=True)
        assert refused.status_code == 422 and ("<html" in body) is not htmx
        assert 'role="alert" tabindex="-1" autofocus>The version changed since you opened' \
            in body
    signed = sales_head_client.post_form("/sla/1/sign", {"content_hash": first.content_hash,
                                                         "consent": "y"}, htmx=True)
    assert 'role="status" tabindex="-1" autofocus>Signed.</p>' in signed.get_data(as_text=True)
    plain = sales_head_client.post_form("/sla/2/sign", {"content_hash": second.content_hash,
                                                        "consent": "y"})
    assert plain.status_code == 303 and plain.headers["Location"] == "/sla/2"
    assert "Signed." in sales_head_client.get("/sla/2").get_data(as_text=True)


def test_the_editor_takes_a_missing_date_and_refuses_a_rule_value_no_lead_can_hold(
        marketing_head_client):
    marketing_head_client.post_form("/sla/drafts")
    saved = marketing_head_client.post_form("/sla/1/edit", {**EDITOR, "base_revision": "1"})
    assert saved.status_code == 303
    without_dates = {key: value for key, value in EDITOR.items()
                     if key not in ("review_on", "effective_on")}
    again = marketing_head_client.post_form("/sla/1/edit", {**without_dates,
                                                            "base_revision": "2"})
    assert again.status_code in (303, 422)  # never a crash on a missing optional field
    huge = marketing_head_client.post_form("/sla/1/edit", {
        **EDITOR, "base_revision": "2", "rules-0-value": "99999999999999999999999"})
    assert huge.status_code == 422 and "A number up to a billion." in huge.get_data(as_text=True)
    assert marketing_head_client.get("/sla/1/impact").status_code < 500
