"""The API's OpenAPI document: valid, public, complete, true to every real answer, and the API
fuzzed against it by Schemathesis (no server error, no answer outside it, nothing malformed
accepted)."""

from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import make_user
from tests.goal_builders import PERIOD, make_goal
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.api.models import SCOPES
from workspace.api.openapi import document, path_of
from workspace.api.services import create_api_token
from workspace.extensions import db
from workspace.leads.models import Lead
from workspace.leads.services import rate
from workspace.meetings import services as meetings
from workspace.secrets_store import token_hash

LEAD = {"external_id": "crm-1", "company": "Globex", "email": "ana@globex.test",
        "employees": 250, "marketing_budget_monthly": "45000.50",
        "last_engaged_at": "2026-03-01T10:00:00+01:00", "source": "webinar",
        "handed_over_at": "2026-03-02T09:00:00+00:00"}


def bearer(*scopes: str) -> dict:
    return {"Authorization": f"Bearer {create_api_token('CRM', list(scopes), None).secret}"}


def world() -> dict:
    """An SLA in force, a rep, a lead, a goal and a meeting: something behind every endpoint."""
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    sla_in_force(marketing, sales)
    rep = make_user("sales", "member", email="rep@example.test")
    make_lead(marketing, assigned_to=rep, company="Initech")
    clock.freeze(T0 + timedelta(hours=1))
    make_goal(marketing)
    meeting = meetings.schedule_meeting(marketing, "weekly_sync", "Weekly sync", T0,
                                        T0 + timedelta(hours=1), [sales.id], weekly=False)
    return {"rep": rep, "meeting": meeting}


class Answers:
    """Holds each real answer to the document's schema for its operation and status."""

    def __init__(self, client):
        self.client, self.seen = client, set()
        self.components = document()["components"]

    def call(self, method: str, path: str, url: str, status: int, **kwargs):
        response = self.client.open(f"/api/v1{url}", method=method.upper(), **kwargs)
        assert response.status_code == status, (method, url, response.get_data(as_text=True))
        answer = document()["paths"][path][method]["responses"][str(status)]
        if "$ref" in answer:
            answer = self.components["responses"][answer["$ref"].rsplit("/", 1)[1]]
        schema = answer["content"]["application/json"]["schema"]
        Draft202012Validator({**schema, "components": self.components},
                             format_checker=Draft202012Validator.FORMAT_CHECKER
                             ).validate(response.json)
        assert set(answer.get("headers", {})) <= set(response.headers.keys()), url
        self.seen.add((method, path, status // 100))
        return response


def test_the_document_is_valid_public_and_cacheable(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    validate(response.json)
    assert response.json["openapi"].startswith("3.1")
    assert "public" in response.headers["Cache-Control"] and response.headers["ETag"]
    again = client.get("/api/v1/openapi.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_every_api_route_is_documented_and_nothing_else(app):
    routes = {(path_of(rule.rule), method.lower())
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
              for method in rule.methods - {"HEAD", "OPTIONS"}} - {("/openapi.json", "get")}
    documented = {(path, method) for path, item in document()["paths"].items()
                  for method in item}
    assert documented == routes


def test_every_documented_field_is_what_the_endpoint_reads(client):
    """Input objects are closed: a field the document does not list is refused by name."""
    schemas = document()["components"]["schemas"]
    assert schemas["LeadIn"]["additionalProperties"] is False
    assert schemas["Errors"]["additionalProperties"] is False


def test_real_answers_match_the_document(app, client):
    things = world()
    answers = Answers(client)
    write, read = bearer("leads:write"), bearer("leads:read")
    everything = bearer(*SCOPES)

    answers.call("get", "/token", "/token", 200, headers=everything)
    answers.call("get", "/token", "/token", 401)
    created = answers.call("post", "/leads", "/leads", 201, json=LEAD, headers=write)
    lead_id = created.json["leads"][0]["id"]
    answers.call("post", "/leads", "/leads", 200, json={"leads": [LEAD]}, headers=write)
    answers.call("post", "/leads", "/leads", 422, headers=write,
                 json={**LEAD, "last_engagement_at": "2026-03-01T10:00:00+01:00"})
    answers.call("post", "/leads", "/leads", 403, json=LEAD, headers=read)
    one = f"/leads/{lead_id}"
    answers.call("post", "/leads/{lead_id}/attempts", f"{one}/attempts", 201, headers=write,
                 json={"channel": "call", "outcome": "connected", "note": "Booked a demo."})
    answers.call("post", "/leads/{lead_id}/attempts", f"{one}/attempts", 422, headers=write,
                 json={"channel": "fax", "outcome": "connected"})
    answers.call("post", "/leads/{lead_id}/attempts", "/leads/999/attempts", 404,
                 headers=write, json={"channel": "call", "outcome": "connected"})
    rate(db.session.get(Lead, lead_id), things["rep"], 5, "accepted", "fits")
    got = answers.call("get", "/leads/{lead_id}", one, 200, headers=read)
    answers.call("get", "/leads/{lead_id}", "/leads/999", 404, headers=read)
    answers.call("get", "/leads", "/leads?handed_over_from=2026-03-01T00:00:00Z", 200,
                 headers=read)
    answers.call("get", "/leads", "/leads?page=0", 422, headers=read)
    misspelt = answers.call("get", "/leads", "/leads?handed_over_form=2026-03-01", 422,
                            headers=read)
    assert misspelt.json["errors"] == [{"field": "handed_over_form",
                                        "message": "unknown field; did you mean "
                                                   "handed_over_from?"}]
    won = {"status": "won", "deal_value": 12500, "attribution": "both"}
    answers.call("patch", "/leads/{lead_id}", one, 428, json=won, headers=write)
    answers.call("patch", "/leads/{lead_id}", one, 412, json=won,
                 headers={**write, "If-Match": '"lead-0-0"'})
    answers.call("patch", "/leads/{lead_id}", one, 422, json={"status": "won"},
                 headers={**write, "If-Match": got.headers["ETag"]})
    answers.call("patch", "/leads/{lead_id}", one, 200, json=won,
                 headers={**write, "If-Match": got.headers["ETag"]})

    answers.call("get", "/sla/active", "/sla/active", 200, headers=everything)
    answers.call("get", "/sla/active", "/sla/active", 403, headers=read)
    answers.call("get", "/sla/versions/{number}", "/sla/versions/1", 200, headers=everything)
    answers.call("get", "/sla/versions/{number}", "/sla/versions/9", 404, headers=everything)
    answers.call("get", "/metrics/sla", "/metrics/sla?month=2026-03", 200, headers=everything)
    answers.call("get", "/metrics/sla", "/metrics/sla?month=2026-13", 422, headers=everything)
    answers.call("get", "/goals", f"/goals?period={PERIOD}", 200, headers=everything)
    answers.call("get", "/goals", "/goals?period=Q2", 422, headers=everything)
    answers.call("get", "/meetings", "/meetings?from=2026-03-01", 200, headers=everything)
    answers.call("get", "/meetings", "/meetings?to=soon", 422, headers=everything)
    answers.call("get", "/meetings", "/meetings?from=0001-01-01T00:00:00%2B05:00", 422,
                 headers=everything)  # before year 1 in UTC
    answers.call("get", "/leads", f"/leads?page={'9' * 5000}", 422, headers=read)
    meeting = f"/meetings/{things['meeting'].id}"
    answers.call("get", "/meetings/{meeting_id}", meeting, 200, headers=everything)
    answers.call("get", "/meetings/{meeting_id}", "/meetings/999", 404, headers=everything)

    app.config["API_RATE_PER_MINUTE"] = 0
    try:
        answers.call("get", "/token", "/token", 429, headers=everything)
    finally:
        app.config["API_RATE_PER_MINUTE"] = 600

    every = {(method, path) for path, item in document()["paths"].items() for method in item}
    assert {(m, p) for m, p, kind in answers.seen if kind == 2} == every
    assert {(m, p) for m, p, kind in answers.seen if kind == 4} == every


# Schemathesis, in process against the WSGI app: a fixed seed and a small budget per endpoint
# keep it deterministic and well under a minute. The document is a pure function of the code,
# loaded here rather than from a fixture (schemathesis's lazy loader trips on pytest 9); the
# token is given as the document's bearer scheme, so the fuzzer also knows when it leaves it out.
FUZZ_SECRET = "aln_schemathesis"
fuzzed = schemathesis.openapi.from_dict(document(), config=schemathesis.Config.from_dict({
    "seed": 17, "generation": {"mode": "all"},
    "auth": {"openapi": {"bearer": {"bearer": FUZZ_SECRET}}},
    # A stale If-Match (412) refuses a request too, before its body is read.
    "checks": {"negative_data_rejection": {"expected-statuses": [
        "400", "401", "403", "404", "405", "406", "409", "412", "413", "415", "422", "428",
        "429"]}}}))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance, negative_data_rejection]


@pytest.fixture
def fuzz_token(app):
    world()
    create_api_token("Fuzzer", list(SCOPES), None).token.token_hash = token_hash(FUZZ_SECRET)
    db.session.commit()
    app.config["API_RATE_PER_MINUTE"] = 100_000  # the fuzzer is one busy token
    yield
    app.config["API_RATE_PER_MINUTE"] = 600


@fuzzed.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_schemathesis_finds_nothing(case, app, fuzz_token):
    case.call_and_validate(app=app, checks=CHECKS)
