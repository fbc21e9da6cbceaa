"""The API described as an OpenAPI 3.1 document, served at /api/v1/openapi.json.

Built from the same field lists, limits and patterns the endpoints validate with, so it cannot
drift from the checks; tests/test_openapi.py holds the real answers to it and fuzzes the API
against it with Schemathesis."""

import json
import re
from functools import cache

from workspace.api.openapi import leads, reports
from workspace.api.openapi.parts import components

VERSION = "1.0.0"


@cache
def document() -> dict:
    found = components()
    found["schemas"] |= leads.SCHEMAS | reports.SCHEMAS
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "Alinea API", "version": VERSION,
            "description": (
                "Leads in, for a CRM, a form backend or a dialer; the SLA, its monthly "
                "scorecard, goals and meetings out. JSON with ISO 8601 times and offsets, money "
                "in major units, people by email. Every error is {\"errors\": [{\"field\", "
                "\"message\"}]} (plus \"index\" for a row of a batch); a field an endpoint "
                "does not read is refused by name."),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": reports.paths() | leads.paths(),
        "components": found,
    }


@cache
def document_json() -> str:
    return json.dumps(document(), sort_keys=True)


def path_of(rule: str) -> str:
    """A Flask rule as the document's path: /api/v1/leads/<int:lead_id> → /leads/{lead_id}."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.removeprefix("/api/v1"))


@cache
def query_names(rule: str, method: str) -> frozenset[str] | None:
    """The query parameters the document gives an endpoint (None: it does not describe it)."""
    operation = document()["paths"].get(path_of(rule), {}).get(
        "get" if method == "HEAD" else method.lower())
    if operation is None:
        return None
    return frozenset(p["name"] for p in operation.get("parameters", ()) if p["in"] == "query")
