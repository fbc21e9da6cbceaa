"""The pieces every path of the OpenAPI document is made of: JSON Schema builders, the one
error shape, and an operation that says its scope and the errors any token may meet."""

# The intake's own test for control characters, so the document refuses what it refuses.
from workspace.leads.intake import _CONTROL
from workspace.urls import LARGEST_ID

ERRORS = {"$ref": "#/components/schemas/Errors"}
# Statuses the API answers in the error shape, by name in components/responses.
ERROR_RESPONSES = {
    401: ("Unauthorized", "No token, or an unknown or revoked one."),
    403: ("Forbidden", "The token lacks this endpoint's scope."),
    404: ("NotFound", "Nothing has this id."),
    412: ("PreconditionFailed", "If-Match is not the resource's current ETag."),
    413: ("TooLarge", "The body is larger than the server reads."),
    422: ("Unprocessable", "A field is unknown or its value is refused; each is named."),
    428: ("PreconditionRequired", "If-Match is missing."),
    429: ("RateLimited", "The token's requests per minute are spent; see Retry-After."),
}
# The largest integer every JSON reader holds exactly (JavaScript's); ids stay far below it.
MAX_ID = LARGEST_ID  # what an id column holds (workspace.urls)


def obj(properties: dict, required=(), closed: bool = True) -> dict:
    """An object; closed (unknown fields refused) unless the API adds fields freely."""
    schema = {"type": "object", "properties": properties, "required": list(required)}
    if closed:
        schema["additionalProperties"] = False
    return schema


def nullable(schema: dict) -> dict:
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    found = {**schema, "type": [*kinds, "null"]}
    return {**found, "enum": [*schema["enum"], None]} if "enum" in schema else found


def array(items: dict, **limits) -> dict:
    return {"type": "array", "items": items, **limits}


def text(limit: int | None = None) -> dict:
    """A string as the intake stores it: within its limit, no control characters."""
    schema = {"type": "string", "pattern": f"^[^{_CONTROL.pattern[1:-1]}]*$"}
    return {**schema, "maxLength": limit} if limit else schema


def enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
TIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}
ID = {"type": "integer", "minimum": 0, "maximum": MAX_ID}


def path_id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": what, "schema": ID}


def query(name: str, schema: dict, description: str, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema}


def json_response(description: str, schema: dict, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    return {**response, "headers": headers} if headers else response


def operation(summary: str, scope: str | None, ok: dict[int, dict], *, errors=(),
              parameters=(), body: dict | None = None) -> dict:
    """One endpoint: its scope as the bearer requirement (none: any live token), its answers,
    and the error answers any request may meet (401, 403, 429, and 422 for a query parameter
    it does not read) beside the ones it names."""
    responses = {str(status): response for status, response in ok.items()}
    for status in sorted({401, 422, 429, *errors, *([403] if scope else [])}):
        responses[str(status)] = {"$ref": f"#/components/responses/{ERROR_RESPONSES[status][0]}"}
    found = {"summary": summary, "security": [{"bearer": [scope] if scope else []}],
             "responses": responses}
    if scope:
        found["x-scope"] = scope
    if parameters:
        found["parameters"] = list(parameters)
    if body:
        found["requestBody"] = {"required": True,
                                "content": {"application/json": {"schema": body}}}
    return found


def components() -> dict:
    error = obj({"index": nullable(INTEGER), "field": nullable(STRING), "message": STRING},
                required=("field", "message"))
    responses = {name: json_response(description, ERRORS)
                 for name, description in ERROR_RESPONSES.values()}
    responses["Unauthorized"]["headers"] = {"WWW-Authenticate": {"schema": STRING}}
    responses["RateLimited"]["headers"] = {"Retry-After": {
        "description": "Seconds until the next minute's window.", "schema": INTEGER}}
    return {
        "securitySchemes": {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "An API token made by an admin; each endpoint names the scope "
                           "it needs (x-scope)."}},
        "schemas": {"Error": error, "Errors": obj({"errors": array(
            {"$ref": "#/components/schemas/Error"}, minItems=1)}, required=("errors",))},
        "responses": responses,
    }
