"""Signing is an explicit act; one open draft at a time; every SLA address answers a plain
request with a page or a redirect; rules and times read in the reader's language."""

import re
from datetime import timedelta

import pytest

from tests.conftest import HTMX
from tests.factories import PASSWORD, make_user
from workspace import clock
from workspace.extensions import db
from workspace.sla import services
from workspace.sla.rules import clean_rule, describe


@pytest.fixture
def lucia():
    return make_user("marketing", "head", name="Lucía", timezone="Europe/Madrid")


def proposed(head, rules=None):
    version = services.draft_version(head)
    services.edit_draft(version, {"text": "We agree.", "review_on": "2027-02-15",
                                  "mql_rules": rules or [clean_rule("employees", ">=", "100")]},
                        version.current_revision, head)
    return services.propose(version, head)


def sign(client, version, htmx=True, **fields):
    return client.post_form(f"/sla/{version.number}/sign",
                            {"content_hash": version.content_hash, **fields}, htmx=htmx)


def test_the_panel_names_the_version_and_the_full_hash(lucia, sales_head_client):
    version = proposed(lucia)
    page = sales_head_client.get("/sla/1").get_data(as_text=True)
    assert "You are signing version 1" in page and f"<code class=\"hash\">{version.content_hash}" \
        in page
    assert re.search(r'<input[^>]*id="consent"[^>]*type="checkbox"', page)
    assert "I have read version 1 and sign it for the sales team" in page


def test_signing_without_the_tick_is_refused_beside_the_box(lucia, sales_head_client):
    version = proposed(lucia)
    response = sign(sales_head_client, version)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in body
    assert re.search(r'id="consent"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="consent"',
                     body)
    assert '<p class="error" id="consent-error">Tick this box to confirm' in body
    db.session.refresh(version)
    assert version.signatures == []

    plain = sign(sales_head_client, version, htmx=False)  # without JavaScript: the page, 422
    assert plain.status_code == 422 and "<html" in plain.get_data(as_text=True)
    assert "Tick this box to confirm" in plain.get_data(as_text=True)
    assert sign(sales_head_client, version, consent="y").status_code == 200
    db.session.refresh(version)
    assert [s.team for s in version.signatures] == ["sales"]


def test_an_old_sign_in_asks_for_the_password_and_says_when_it_is_wrong(lucia,
                                                                       sales_head_client):
    version = proposed(lucia)
    clock.freeze(clock.now() + timedelta(minutes=20))
    missing = sign(sales_head_client, version, consent="y").get_data(as_text=True)
    assert '<p class="error" id="password-error">Enter your password to sign.</p>' in missing
    wrong = sign(sales_head_client, version, consent="y", password="not it")
    assert wrong.status_code == 422
    assert '<p class="error" id="password-error">That password is wrong.</p>' in \
        wrong.get_data(as_text=True)
    both = sign(sales_head_client, version, password="not it").get_data(as_text=True)
    assert "Tick this box" in both and "That password is wrong." in both
    assert sign(sales_head_client, version, consent="y", password=PASSWORD).status_code == 200


def test_draft_an_amendment_continues_the_open_draft(lucia, sales_head_client):
    first = proposed(lucia)
    services.sign(first, lucia, first.content_hash)
    services.sign(first, make_user("sales", "head"), first.content_hash)
    overview = sales_head_client.get("/sla/").get_data(as_text=True)
    assert "Draft an amendment" in overview
    assert sales_head_client.post_form("/sla/drafts", {"amends": "1"}).headers["Location"] == \
        "/sla/2/edit"
    again = sales_head_client.post_form("/sla/drafts", {"amends": "1"})
    assert again.status_code == 303 and again.headers["Location"] == "/sla/2/edit"
    assert services.version_by_number(3) is None
    edit = sales_head_client.get("/sla/2/edit").get_data(as_text=True)
    assert "Draft version 2 is already open for this; continue it here." in edit
    overview = sales_head_client.get("/sla/").get_data(as_text=True)
    assert "Continue draft version 2" in overview and "Draft an amendment" not in overview


def test_panel_actions_name_their_event(lucia, app):
    sales = app.test_client()
    sales.sign_in(make_user("sales", "head"))
    marketing = app.test_client()
    marketing.sign_in(lucia)
    services.draft_version(lucia)
    services.edit_draft(services.version_by_number(1), {
        "text": "t", "review_on": "2027-02-15", "mql_rules": [clean_rule("employees", ">", "1")]},
        1, lucia)
    assert marketing.post_form("/sla/1/propose", htmx=True).headers["HX-Trigger"] == \
        "sla-proposed"
    version = services.version_by_number(1)
    assert sign(sales, version, consent="y").headers["HX-Trigger"] == "sla-signed"
    refused = marketing.post_form("/sla/1/withdraw", {"reason": ""}, htmx=True)
    assert refused.status_code == 422 and "Say why" in refused.get_data(as_text=True)
    withdrawn = marketing.post_form("/sla/1/withdraw", {"reason": "Not yet."}, htmx=True)
    body = withdrawn.get_data(as_text=True)
    assert withdrawn.headers["HX-Trigger"] == "sla-withdrawn" and "<html" not in body
    assert 'href="/sla/2/edit"' in body and "Withdrawn: Not yet." in body


def test_every_sla_address_answers_a_plain_request(lucia, app):
    head = app.test_client()
    head.sign_in(lucia)
    services.draft_version(lucia)
    calculator = head.get("/sla/calculator?revenue=300000")
    assert calculator.status_code == 200 and "<html" in calculator.get_data(as_text=True)
    assert head.get("/sla/calculator?revenue=lots").status_code == 200
    assert head.get("/sla/calculator", headers=HTMX).get_data(as_text=True).startswith(
        '<div id="calculator"')
    impact = head.post_form("/sla/1/impact", {"mql_target_per_month": "100",
                                              "rules-0-field": "country", "rules-0-op": "in",
                                              "rules-0-value": "es, mx"})
    body = impact.get_data(as_text=True)
    assert impact.status_code == 200 and "<html" in body and "country is one of Spain, Mexico" \
        in body and 'href="/sla/1/edit"' in body
    assert head.get("/sla/1/impact").status_code == 200
    for url in ("/sla/1/propose", "/sla/1/sign", "/sla/1/withdraw"):
        assert head.post_form(url).status_code in (303, 422), url
    for url in ("/sla/", "/sla/1", "/sla/1/edit", "/sla/1/history", "/sla/1/compare"):
        assert head.get(url).status_code == 200, url


def test_rules_read_in_words_and_countries_by_name(app, lucia):
    rule = clean_rule("country", "in", "ES, MX")
    with app.test_request_context():
        assert describe(clean_rule("employees", ">=", "100")) == "employees at least 100"
        assert describe(rule) == "country is one of Spain, Mexico"
    spanish = make_user("sales", "head", locale="es")
    client = app.test_client()
    client.sign_in(spanish)
    proposed(lucia, [clean_rule("employees", ">=", "100"), rule])
    page = client.get("/sla/1").get_data(as_text=True)
    assert "al menos 100" in page and "es uno de España, México" in page
    services.draft_version(spanish)
    editor = client.get("/sla/2/edit").get_data(as_text=True)
    assert '<option value="&gt;=">al menos</option>' in editor
    assert '<option value="in">es uno de</option>' in editor


def test_signatures_and_dates_read_in_full_with_the_zone(lucia, app):
    version = proposed(lucia)
    services.sign(version, lucia, version.content_hash)
    client = app.test_client()
    client.sign_in(lucia)
    page = client.get("/sla/1").get_data(as_text=True)
    assert "Central European" in page  # the zone, by name, in the reader's zone
    assert "Review date: February 15, 2027" in page
    record = client.get("/sla/1/print").get_data(as_text=True)
    assert "Central European" in record
