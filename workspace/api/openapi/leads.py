"""The leads endpoints in the OpenAPI document, built from the lists and limits the API checks
with (the intake's TEXT_LIMITS, NOTE_LIMITS and NUMBER_RANGES, the endpoints' known fields)."""

from workspace.api.openapi.parts import (
    BOOLEAN,
    ID,
    INTEGER,
    NUMBER,
    STRING,
    TIME,
    array,
    enum,
    json_response,
    nullable,
    obj,
    operation,
    path_id,
    query,
    text,
)
from workspace.leads.api import MAX_BATCH, MAX_PAGE, PAGE_SIZE
from workspace.leads.api_values import (
    ATTEMPT_INPUT,
    CLOSE_INPUT,
    LEAD_INPUT,
    MONEY_TEXT,
    TEXT_LIMITS,
)
from workspace.leads.intake import NOTE_LIMITS, NUMBER_RANGES
from workspace.leads.models import ATTRIBUTIONS, CHANNELS, OUTCOMES, STATUSES, VERDICTS
from workspace.sla.rules import FIELDS, OPERATORS

ETAG = {"ETag": {"description": "Send it back in If-Match to change the lead.",
                 "schema": STRING}}


def money(name: str) -> dict:
    """Major units as a JSON number or a decimal string, within the intake's range."""
    low, high = NUMBER_RANGES[name]
    return nullable({"type": ["number", "string"], "minimum": low, "maximum": float(high),
                     "pattern": MONEY_TEXT})


def count(name: str) -> dict:
    low, high = NUMBER_RANGES[name]
    return nullable({"type": "integer", "minimum": low, "maximum": high})


def _closed(properties: dict, known, required=()) -> dict:
    """An input object whose fields are exactly the ones the endpoint reads."""
    assert set(properties) == set(known), set(properties) ^ set(known)
    return obj(properties, required)


LEAD_IN = _closed({
    **{name: nullable(text(limit)) for name, limit in TEXT_LIMITS.items()},
    "company": text(TEXT_LIMITS["company"]) | {"minLength": 1},
    "employees": count("employees"),
    "marketing_budget_monthly": money("marketing_budget_monthly"),
    "last_engaged_at": nullable(TIME), "handed_over_at": nullable(TIME),
    "assigned_to": {**nullable(STRING),
                    "description": "A sales rep's email; null or empty: round-robin."},
}, LEAD_INPUT, required=("company",))
BATCH_IN = obj({"leads": array(LEAD_IN, minItems=1, maxItems=MAX_BATCH)}, required=("leads",))
ATTEMPT_IN = _closed({
    "at": nullable(TIME), "channel": enum(CHANNELS), "outcome": enum(OUTCOMES),
    "rep_email": {**nullable(STRING), "description": "Null or empty: the lead's rep."},
    "note": nullable(text(NOTE_LIMITS["note"])),
}, ATTEMPT_INPUT, required=("channel", "outcome"))
CLOSE_IN = _closed({
    "status": enum(("won", "lost")), "deal_value": money("deal_value"),
    "attribution": nullable(enum(ATTRIBUTIONS)), "closed_at": nullable(TIME),
    "lost_reason": nullable(text(NOTE_LIMITS["lost_reason"])),
}, CLOSE_INPUT, required=("status",)) | {
    # A won deal says whose it is.
    "if": {"properties": {"status": {"const": "won"}}},
    "then": {"required": ["attribution"], "properties": {"attribution": enum(ATTRIBUTIONS)}}}

ANY_VALUE = {"type": ["number", "string", "array", "boolean", "null"]}
REASON = obj({"field": enum(FIELDS), "op": enum(OPERATORS), "value": ANY_VALUE,
              "actual": ANY_VALUE, "passed": nullable(BOOLEAN)},
             required=("field", "op", "value", "actual", "passed"))
SUMMARY_FIELDS = {
    "id": ID, "external_id": nullable(STRING), "is_mql": nullable(BOOLEAN),
    "reasons": array(REASON), "sla_version": nullable(INTEGER),
    "assigned_to": nullable(STRING), "url": {"type": "string", "format": "uri"},
}
SUMMARY = obj(SUMMARY_FIELDS, required=SUMMARY_FIELDS)
ATTEMPT = obj({"at": TIME, "channel": enum(CHANNELS), "outcome": enum(OUTCOMES),
               "rep": nullable(STRING)}, required=("at", "channel", "outcome", "rep"))
FEEDBACK = obj({"rating": nullable(INTEGER), "verdict": nullable(enum(VERDICTS)),
                "reason": nullable(STRING), "at": TIME, "rep": nullable(STRING)},
               required=("rating", "verdict", "reason", "at", "rep"))
LEAD_FIELDS = {
    **SUMMARY_FIELDS, "company": STRING,
    **{name: nullable(STRING) for name in ("contact_name", "email", "phone", "industry",
                                           "country", "source", "campaign")},
    "employees": nullable(INTEGER), "marketing_budget_monthly": nullable(NUMBER),
    "last_engaged_at": nullable(TIME), "handed_over_at": TIME, "status": enum(STATUSES),
    "attempts": array(ATTEMPT), "feedback": array(FEEDBACK), "deal_value": nullable(NUMBER),
    "closed_at": nullable(TIME), "attribution": nullable(enum(ATTRIBUTIONS)),
}
LEAD = obj(LEAD_FIELDS, required=LEAD_FIELDS)
LEAD_ID = path_id("lead_id", "The lead's id in Alinea.")


def paths() -> dict:
    handed = "Leads handed over {} this ISO 8601 time (with its offset)."
    one_lead = json_response("The lead, its attempts and feedback.",
                             {"$ref": "#/components/schemas/Lead"}, ETAG)
    return {
        "/leads": {
            "post": operation(
                "Hand over one lead, or a batch of them (all or nothing); a lead already here "
                "(same external id, else email) has its CRM fields updated.", "leads:write",
                {201: json_response("At least one lead was new.", _summaries()),
                 200: json_response("Every lead was already here and is updated.",
                                    _summaries())},
                errors=(413, 422), body={"anyOf": [{"$ref": "#/components/schemas/LeadIn"},
                                                   BATCH_IN]}),
            "get": operation(
                f"Leads by hand-off time, {PAGE_SIZE} a page, oldest first.", "leads:read",
                {200: json_response("A page of leads and the next page's URL.", obj({
                    "leads": array({"$ref": "#/components/schemas/Lead"}),
                    "next": nullable({"type": "string", "format": "uri"})},
                    required=("leads", "next")))},
                errors=(422,), parameters=(
                    query("handed_over_from", TIME, handed.format("at or after")),
                    query("handed_over_to", TIME, handed.format("before")),
                    query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                          "From 1."))),
        },
        "/leads/{lead_id}": {
            "get": operation("One lead, with its ETag.", "leads:read", {200: one_lead},
                             errors=(404,), parameters=(LEAD_ID,)),
            "patch": operation(
                "Record a won or lost deal on behalf of the lead's rep.", "leads:write",
                {200: one_lead}, errors=(404, 412, 413, 422, 428), body=CLOSE_IN,
                parameters=(LEAD_ID, {"name": "If-Match", "in": "header", "required": True,
                                      "description": "The ETag of the lead as last read.",
                                      "schema": STRING})),
        },
        "/leads/{lead_id}/attempts": {
            "post": operation(
                "Log a contact attempt, as a dialer would.", "leads:write",
                {201: json_response("The attempt was logged.", obj(
                    {"id": ID, "lead_id": ID, "at": TIME}, required=("id", "lead_id", "at")))},
                errors=(404, 413, 422), parameters=(LEAD_ID,), body=ATTEMPT_IN),
        },
    }


def _summaries() -> dict:
    return obj({"leads": array({"$ref": "#/components/schemas/LeadSummary"})},
               required=("leads",))


SCHEMAS = {"LeadIn": LEAD_IN, "LeadSummary": SUMMARY, "Lead": LEAD}
