"""The glossary over HTTP: search, create, edit, approvals, permissions."""

import re

from sqlalchemy import func, select

from tests.conftest import HTMX
from tests.factories import make_user
from tests.glossary_builders import make_term
from workspace.extensions import db
from workspace.glossary.models import Term

VALID = {"name": "SQL", "aliases": "Sales qualified lead", "definition": "A lead sales accepted.",
         "examples": "", "owner_team": "sales", "related": "MQL", "summary": ""}


def test_search_answers_a_fragment_to_htmx_and_a_page_otherwise(marketer_client):
    make_term(make_user(), "Calificación", "Puntuación de un lead")
    page = marketer_client.get("/glossary/?q=calificacion")
    fragment = marketer_client.get("/glossary/?q=calificacion", headers=HTMX)
    assert "<html" in page.get_data(as_text=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "Calificación" in body and 'id="results"' in body
    assert "HX-Request, HX-Request-Type" in fragment.headers["Vary"]


def test_empty_search_offers_to_propose_the_term(marketer_client):
    body = marketer_client.get("/glossary/?q=Persona", headers=HTMX).get_data(as_text=True)
    assert "No term matches." in body and "/glossary/new?name=Persona" in body


def test_create_a_term_then_see_it(marketer_client):
    response = marketer_client.post_form("/glossary/new", VALID)
    assert response.status_code == 303 and response.headers["Location"] == "/glossary/sql"
    page = marketer_client.get("/glossary/sql").get_data(as_text=True)
    assert "A lead sales accepted." in page and "Proposed" in page


def test_invalid_term_is_refused_with_422_and_nothing_saved(marketer_client):
    response = marketer_client.post_form("/glossary/new", {**VALID, "name": "", "definition": ""})
    assert response.status_code == 422
    assert response.get_data(as_text=True).count('class="error"') == 2
    assert db.session.scalar(select(func.count()).select_from(Term)) == 0


def test_duplicate_name_is_refused_with_a_link_to_the_existing_term(marketer_client):
    make_term(make_user(), "Calificación")
    response = marketer_client.post_form("/glossary/new", {**VALID, "name": "CALIFICACION"})
    assert response.status_code == 422
    assert 'There is already a term called <a href="/glossary/calificacion">' in (
        response.get_data(as_text=True))


def test_edit_with_stale_base_gets_the_conflict_view(marketer_client):
    term = make_term(make_user(), "MQL", "v1")
    form = {**VALID, "name": "MQL", "definition": "v2", "base_revision": 1}
    assert marketer_client.post_form("/glossary/mql/edit", form).status_code == 303
    stale = marketer_client.post_form("/glossary/mql/edit", {**form, "definition": "v3"})
    assert stale.status_code == 409 and "saved a new version" in stale.get_data(as_text=True)
    db.session.refresh(term)
    assert term.definition == "v2"
    # The conflict card's merged save (htmx, targeting the card) loads the term page whole.
    merged = marketer_client.post_form("/glossary/mql/edit", {
        **form, "definition": "v2 and v3", "base_revision": 2}, htmx=True)
    assert merged.status_code == 200 and merged.headers["HX-Redirect"] == "/glossary/mql"
    assert "<html" not in merged.get_data(as_text=True)


def test_heads_approve_in_the_panel_and_members_cannot(app, marketer_client):
    make_term(make_user(), "MQL")
    marketing_head, sales_head = app.test_client(), app.test_client()
    marketing_head.sign_in(make_user("marketing", "head", name="Lucía"))
    sales_head.sign_in(make_user("sales", "head", name="David"))

    member = marketer_client.post_form("/glossary/mql/approve", {"decision": "approve"},
                                       htmx=True)
    assert member.status_code == 422 and "Only a head" in member.get_data(as_text=True)
    first = marketing_head.post_form("/glossary/mql/approve", {"decision": "approve"}, htmx=True)
    body = first.get_data(as_text=True)
    assert first.status_code == 200 and "<html" not in body and 'id="approval"' in body
    assert "Approved by Lucía" in body and first.headers["HX-Trigger"] == "term-approved"
    sales_head.post_form("/glossary/mql/approve", {"decision": "approve"}, htmx=True)
    assert "Agreed by both teams" in marketer_client.get("/glossary/mql").get_data(as_text=True)


def test_after_an_edit_approvers_see_what_changed_since_agreement(app, marketer_client):
    term = make_term(make_user(), "MQL", "More than 100 employees")
    from workspace.glossary.services import decide

    decide(term, make_user("marketing", "head"), True)
    decide(term, make_user("sales", "head"), True)
    marketer_client.post_form("/glossary/mql/edit", {**VALID, "name": "MQL",
                                                     "definition": "More than 150 employees",
                                                     "base_revision": 1})
    page = marketer_client.get("/glossary/mql").get_data(as_text=True)
    assert "Needs re-approval" in page
    assert "<del>100</del>" in page and "<ins>150</ins>" in page


def test_asking_for_changes_without_a_reason_is_refused(sales_head_client):
    make_term(make_user(), "MQL")
    response = sales_head_client.post_form("/glossary/mql/approve",
                                           {"decision": "changes", "reason": ""}, htmx=True)
    assert response.status_code == 422 and "Say what should change" in response.get_data(
        as_text=True)


def test_only_heads_deprecate(marketer_client, sales_head_client):
    make_term(make_user(), "Hot lead")
    replacement = make_term(make_user(), "SQL")
    assert marketer_client.get("/glossary/hot-lead/deprecate").status_code == 403
    response = sales_head_client.post_form("/glossary/hot-lead/deprecate",
                                           {"replacement": str(replacement.id)})
    assert response.status_code == 303
    page = sales_head_client.get("/glossary/hot-lead").get_data(as_text=True)
    assert "This term is deprecated." in page and 'href="/glossary/sql"' in page
    assert "Reinstate this term" in page
    assert "Reinstate" not in marketer_client.get("/glossary/hot-lead").get_data(as_text=True)
    assert marketer_client.post_form("/glossary/hot-lead/reinstate", {}).status_code == 403
    assert sales_head_client.post_form("/glossary/hot-lead/reinstate", {}).status_code == 303
    page = sales_head_client.get("/glossary/hot-lead").get_data(as_text=True)
    assert "This term is deprecated." not in page and "is in use again" in page


def test_history_and_restore_on_a_real_term(marketer_client):
    make_term(make_user(), "MQL", "first words")
    marketer_client.post_form("/glossary/mql/edit", {**VALID, "name": "MQL",
                                                     "definition": "second words",
                                                     "base_revision": 1})
    page = marketer_client.get("/glossary/mql/history?a=1&b=2").get_data(as_text=True)
    assert "<del>first</del>" in page and "<ins>second</ins>" in page
    assert marketer_client.post_form("/glossary/mql/restore/1").status_code == 303
    assert "first words" in marketer_client.get("/glossary/mql").get_data(as_text=True)


def test_glossary_appears_in_the_navigation(marketer_client):
    page = marketer_client.get("/").get_data(as_text=True)
    assert re.search(r'<a href="/glossary/"[^>]*>Glossary</a>', page)


def test_home_lists_terms_waiting_for_my_teams_approval(app, sales_head_client):
    from workspace.glossary.services import decide

    waiting = make_term(make_user(), "MQL")
    done = make_term(make_user(), "SQL")
    decide(done, make_user("sales", "head"), True)
    page = sales_head_client.get("/").get_data(as_text=True)
    assert "Terms waiting for your approval" in page
    assert f'href="/glossary/{waiting.slug}"' in page and 'href="/glossary/sql"' not in page


def test_a_refused_request_for_changes_comes_back_open_with_what_was_typed(sales_head_client):
    make_term(make_user(), "MQL")
    asked = {"decision": "changes", "reason": "Name the first call.", "revision": "7"}
    for htmx in (True, False):
        response = sales_head_client.post_form("/glossary/mql/approve", asked, htmx=htmx)
        body = response.get_data(as_text=True)
        assert response.status_code == 422 and ("<html" in body) is not htmx
        assert "The term changed since you opened it" in body
        assert '<details class="request-changes" open>' in body
        assert re.search(r'<textarea id="reason"[^>]*>\s*Name the first call.</textarea>', body)


def test_an_approval_says_so_where_the_keyboard_lands_and_a_plain_request_is_told_too(
        sales_head_client):
    make_term(make_user(), "MQL")
    make_term(make_user(), "SQL")
    approved = sales_head_client.post_form("/glossary/mql/approve", {"decision": "approve"},
                                           htmx=True)
    assert 'role="status" tabindex="-1" autofocus>Approved.</p>' in approved.get_data(
        as_text=True)
    plain = sales_head_client.post_form("/glossary/sql/approve", {"decision": "approve"})
    assert plain.status_code == 303 and plain.headers["Location"] == "/glossary/sql"
    assert "Approved." in sales_head_client.get("/glossary/sql").get_data(as_text=True)
