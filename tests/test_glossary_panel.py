"""The agreement panel handles deprecation and reinstatement in place, naming each event; every
glossary address answers a plain request with a page or a redirect; requests resolve."""

from tests.conftest import HTMX
from tests.factories import make_user
from tests.glossary_builders import make_term
from workspace.glossary.services import decide


def test_deprecating_inline_answers_the_panel_and_names_the_event(sales_head_client):
    make_term(make_user(), "Hot lead")
    replacement = make_term(make_user(), "SQL")
    form = sales_head_client.get("/glossary/hot-lead/deprecate", headers=HTMX)
    body = form.get_data(as_text=True)
    assert form.status_code == 200 and "<html" not in body and 'id="approval"' in body
    assert 'hx-post="/glossary/hot-lead/deprecate"' in body and "Replaced by" in body
    done = sales_head_client.post_form("/glossary/hot-lead/deprecate",
                                       {"replacement": str(replacement.id)}, htmx=True)
    body = done.get_data(as_text=True)
    assert done.status_code == 200 and done.headers["HX-Trigger"] == "term-deprecated"
    assert "Deprecated terms are not approved." in body and "<html" not in body
    back = sales_head_client.post_form("/glossary/hot-lead/reinstate", {}, htmx=True)
    assert back.status_code == 200 and back.headers["HX-Trigger"] == "term-reinstated"
    assert "needs a marketing head and a sales head" in back.get_data(as_text=True)
    again = sales_head_client.post_form("/glossary/hot-lead/reinstate", {}, htmx=True)
    assert again.status_code == 422 and "Only a deprecated term" in again.get_data(as_text=True)


def test_a_refused_deprecation_stays_in_the_panel_with_the_reason(sales_head_client):
    term = make_term(make_user(), "Hot lead")
    response = sales_head_client.post_form("/glossary/hot-lead/deprecate",
                                           {"replacement": str(term.id)}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in body
    assert "Not a valid choice" in body or "cannot replace itself" in body


def test_every_glossary_address_answers_a_plain_request(sales_head_client):
    make_term(make_user(), "Hot lead")
    page = sales_head_client.get("/glossary/hot-lead/deprecate")
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    stale = sales_head_client.post_form("/glossary/hot-lead/approve",
                                        {"decision": "approve", "revision": "7"})
    assert stale.status_code == 422 and "<html" in stale.get_data(as_text=True)
    assert "The term changed since you opened it" in stale.get_data(as_text=True)
    assert sales_head_client.post_form("/glossary/hot-lead/approve",
                                       {"decision": "approve"}).status_code == 303
    assert sales_head_client.post_form("/glossary/hot-lead/reinstate", {}).status_code == 303
    for url in ("/glossary/", "/glossary/hot-lead", "/glossary/hot-lead/history",
                "/glossary/hot-lead/edit", "/glossary/new"):
        assert sales_head_client.get(url).status_code == 200, url


def test_the_notifications_page_marks_requests_done(app, sales_head_client):
    term = make_term(make_user(name="Marta"), "SQL")
    assert "Marta asks for your approval of SQL" in sales_head_client.get(
        "/notifications").get_data(as_text=True)
    decide(term, make_user("sales", "head"), True)
    page = sales_head_client.get("/notifications").get_data(as_text=True)
    assert ">Done</span>" in page and ">New</span>" not in page and "Mark all read" not in page
    assert 'class="bell-count"' not in page


def test_the_bell_listens_for_the_panels_events_and_a_person_gets_the_list(marketer_client):
    page = marketer_client.get("/").get_data(as_text=True)
    for event in ("sla-signed", "sla-withdrawn", "term-approved", "term-deprecated"):
        assert f"{event} from:body" in page
    count = marketer_client.get("/notifications/count")
    assert count.status_code == 303 and count.headers["Location"] == "/notifications"
    assert marketer_client.get("/notifications/count", headers=HTMX).status_code == 200
