"""Every route, asked plainly (no htmx headers) by each role: none answers a server error.

Fragment endpoints are reached by links, bookmarks and forms without JavaScript too; each must
answer with a page, a redirect or a 4xx, never a 500. The routes are read from the app itself,
so a new route is covered the day it lands."""

import re

from tests.factories import make_admin, make_user
from tests.glossary_builders import make_term
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.api.services import create_api_token
from workspace.comments.services import add_comment
from workspace.metrics.spend import record_spend

CONVERTER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _sample_values() -> dict:
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    sla_in_force(marketing, sales)
    rep = make_user("sales", "member")
    lead = make_lead(marketing, assigned_to=rep)
    term = make_term(marketing, "Pipeline", "Open deals.")
    comment = add_comment(marketing, term, "A first thought.")
    spend = record_spend(marketing, T0.strftime("%Y-%m"), "marketing", "webinar", 100_000)
    token = create_api_token("CRM sync", ["leads:read"], None).token
    clock.freeze(None)
    return {"lead_id": lead.id, "slug": term.slug, "number": 1, "comment_id": comment.id,
            "type_name": "term", "document_id": term.id, "spend_id": spend.id,
            "token_id": token.id, "user_id": make_user("marketing", "member").id,
            "import_id": 1, "token": "not-a-real-invitation", "year": 2026, "month": 3,
            "format": "csv", "table": "reps", "people": {"rep": rep, "marketing": marketing}}


def _paths(app, values: dict):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "auth.logout",
                                                                 r.rule)):
        if rule.endpoint == "static" or rule.rule.startswith("/api/"):
            continue  # the API has its own malformed-input tests; static files are files
        path = CONVERTER.sub(lambda m: str(values.get(m.group(2), 1)), rule.rule)
        yield path, sorted(rule.methods & {"GET", "POST"})


def test_no_route_answers_a_server_error_to_a_plain_request(app):
    values = _sample_values()
    people = [values["people"]["rep"], values["people"]["marketing"], make_admin()]
    errors = []
    for person in people:
        client = app.test_client()
        client.sign_in(person)
        for path, methods in _paths(app, values):
            for method in methods:
                try:
                    response = client.get(path) if method == "GET" else client.post_form(path)
                    status = response.status_code
                except Exception as error:  # noqa: BLE001 (a raised error is what we look for)
                    status = f"{type(error).__name__}: {error}"
                if not isinstance(status, int) or status >= 500:
                    errors.append((person.email, method, path, status))
    assert errors == []
