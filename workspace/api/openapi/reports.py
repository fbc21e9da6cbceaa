"""The read-only endpoints in the OpenAPI document: the token, the SLA, its monthly scorecard,
goals and meetings. Parameters use the patterns the endpoints check with."""

from workspace.api.models import SCOPES
from workspace.api.openapi.parts import (
    BOOLEAN,
    DATE,
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
)
from workspace.goals.api import PERIOD
from workspace.goals.models import COMMITMENT_STATES, DIRECTIONS, STATUSES
from workspace.meetings.models import ACTION_STATES, KINDS, MEETING_STATES
from workspace.metrics.api import MONTH
from workspace.sla.chain import EVENTS
from workspace.sla.rules import FIELDS, OPERATORS

TOKEN = obj({"name": STRING, "scopes": array(enum(SCOPES)), "created_at": TIME},
            required=("name", "scopes", "created_at"))

RULE = obj({"field": enum(FIELDS), "op": enum(OPERATORS),
            "value": {"type": ["number", "string", "array"]}}, required=("field", "op", "value"))
LOG_EVENT = obj({"position": INTEGER, "event": enum(EVENTS), "at": TIME,
                 "by": nullable(STRING), "team": nullable(STRING),
                 "content_hash": nullable(STRING), "effective_from": nullable(TIME),
                 "entry_hash": STRING},
                required=("position", "event", "at", "entry_hash"))
# Open: the SLA's record of signatures grows fields of its own (SLA area).
SLA_VERSION = obj({
    "number": INTEGER,
    "status": enum(("draft", "proposed", "withdrawn", "scheduled", "active", "superseded")),
    "effective_from": nullable(TIME), "content_hash": nullable(STRING), "intact": BOOLEAN,
    "problems": array(STRING),
    "agreement_log": obj({"intact": BOOLEAN, "entries": INTEGER, "last_hash": STRING,
                          "events": array(LOG_EVENT)},
                         required=("intact", "entries", "last_hash", "events")),
    "record": obj({"intact": BOOLEAN, "problems": array(STRING)},
                  required=("intact", "problems")),
    "signatures": array(obj({"team": STRING, "name": STRING, "email": STRING,
                             "signed_at": TIME}, required=("team", "email", "signed_at"))),
    "commitments": obj({"mql_target_per_month": nullable(INTEGER), "mql_rules": array(RULE),
                        "first_contact_minutes": nullable(INTEGER),
                        "min_attempts": nullable(INTEGER), "feedback_hours": nullable(INTEGER),
                        "review_on": nullable(STRING)}, closed=False),
}, required=("number", "status", "effective_from", "content_hash", "intact", "problems",
             "agreement_log", "record", "signatures", "commitments"), closed=False)

SHARE_FIELDS = {"met": INTEGER, "missed": INTEGER, "pending": INTEGER, "rate": nullable(NUMBER)}
SHARE = obj(SHARE_FIELDS, required=SHARE_FIELDS)
PERSISTENCE = obj({k: v for k, v in SHARE_FIELDS.items() if k != "pending"},
                  required=("met", "missed", "rate"))
SCORECARD = obj({
    "month": STRING,
    "mql_volume": obj({"delivered": INTEGER, "target": nullable(INTEGER), "accepted": INTEGER},
                      required=("delivered", "target", "accepted")),
    "speed": obj({**SHARE_FIELDS, "p50_minutes": nullable(NUMBER),
                  "p95_minutes": nullable(NUMBER)}, required=SHARE_FIELDS),
    "persistence": PERSISTENCE, "feedback": SHARE,
    "by_rep": array(obj({"rep": nullable(STRING), "speed": SHARE, "persistence": PERSISTENCE,
                         "feedback": SHARE}, required=("rep", "speed", "persistence",
                                                       "feedback"))),
}, required=("month", "mql_volume", "speed", "persistence", "feedback", "by_rep"))

COMMITMENT = obj({"text": STRING, "owner_email": STRING, "due_on": DATE,
                  "status": enum(COMMITMENT_STATES)},
                 required=("text", "owner_email", "due_on", "status"))
GOAL_FIELDS = {
    "id": ID, "title": STRING, "owner_team": STRING, "owner_email": STRING,
    "metric": nullable(STRING), "metric_filters": {"type": "object"}, "unit": STRING,
    "baseline": NUMBER, "target": NUMBER, "direction": enum(DIRECTIONS),
    "current_value": nullable(NUMBER), "progress": nullable(NUMBER),
    "status": enum(STATUSES), "confidence": nullable(INTEGER),
    "last_check_in_at": nullable(TIME), "open_commitments": array(COMMITMENT),
}
GOALS = obj({"period": STRING, "goals": array(obj(GOAL_FIELDS, required=GOAL_FIELDS))},
            required=("period", "goals"))

MEETING_FIELDS = {
    "id": ID, "kind": enum(KINDS), "title": STRING, "starts_at": TIME, "ends_at": TIME,
    "status": enum(MEETING_STATES), "series_id": nullable(STRING),
    "organiser_email": STRING, "attendees": array(STRING),
}
MEETING = obj(MEETING_FIELDS, required=MEETING_FIELDS)
DECISION = obj({"id": ID, "text": STRING, "term_id": nullable(INTEGER),
                "agreement_version_id": nullable(INTEGER), "goal_id": nullable(INTEGER)},
               required=("id", "text", "term_id", "agreement_version_id", "goal_id"))
ACTION = obj({"id": ID, "text": STRING, "owner_email": STRING, "due_on": nullable(DATE),
              "status": enum(ACTION_STATES)},
             required=("id", "text", "owner_email", "due_on", "status"))
MEETING_DETAIL = obj({**MEETING_FIELDS, "notes": STRING, "decisions": array(DECISION),
                      "action_items": array(ACTION)},
                     required=(*MEETING_FIELDS, "notes", "decisions", "action_items"))
WHEN = {"anyOf": [DATE, TIME]}


def paths() -> dict:
    version = json_response("The version and whether its signed record is intact.",
                            {"$ref": "#/components/schemas/SlaVersion"})
    return {
        "/token": {"get": operation(
            "The token's integration user and scopes: a way to check a token.", None,
            {200: json_response("The token.", TOKEN)})},
        "/sla/active": {"get": operation(
            "The SLA version in force now.", "sla:read", {200: version}, errors=(404,))},
        "/sla/versions/{number}": {"get": operation(
            "Any SLA version by number.", "sla:read", {200: version}, errors=(404,),
            parameters=(path_id("number", "The version's number, from 1."),))},
        "/metrics/sla": {"get": operation(
            "A month's SLA scorecard, overall and per rep.", "metrics:read",
            {200: json_response("The scorecard.", SCORECARD)}, errors=(422,),
            parameters=(query("month", {"type": "string", "pattern": MONTH},
                              "YYYY-MM, from 2000-01 to 2100-12.", required=True),))},
        "/goals": {"get": operation(
            "A period's goals with where each stands and its open commitments.", "goals:read",
            {200: json_response("The goals.", GOALS)}, errors=(422,),
            parameters=(query("period", {"type": "string", "pattern": PERIOD},
                              "2026-Q4, 2026-H2 or 2026; years 2000 to 2200.",
                              required=True),))},
        "/meetings": {"get": operation(
            "Meetings of both teams starting in [from, to); never a one-on-one.",
            "meetings:read", {200: json_response("At most 1,000 meetings.", obj(
                {"meetings": array(MEETING)}, required=("meetings",)))}, errors=(422,),
            parameters=(query("from", WHEN, "A date or an ISO 8601 time (UTC if no offset)."),
                        query("to", WHEN, "A date or an ISO 8601 time (UTC if no offset).")))},
        "/meetings/{meeting_id}": {"get": operation(
            "One meeting with its notes, decisions and action items.", "meetings:read",
            {200: json_response("The meeting.", MEETING_DETAIL)}, errors=(404,),
            parameters=(path_id("meeting_id", "The meeting's id."),))},
    }


SCHEMAS = {"SlaVersion": SLA_VERSION}
