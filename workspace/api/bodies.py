"""Reading a JSON request body, the same way at every endpoint: parsed safely, objects where
objects are expected, and every field the endpoint does not know named back to the sender.

A misspelt field silently ignored is worse than a refusal: the lead is judged without it."""

from difflib import get_close_matches

from flask import abort, make_response, request

from workspace.errors import api_errors

# No endpoint reads deeper than a batch of leads ({"leads": [{...}]}); deeper is not ours.
MAX_DEPTH = 8


def json_body():
    """The body's JSON value (None when there is none), or a 4xx answer: JSON nested deeper
    than any endpoint reads, which the parser itself may not survive (RecursionError)."""
    too_deep = f"The JSON is nested more than {MAX_DEPTH} levels deep."
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        refuse(422, None, too_deep)
    if body is None and request.get_data(cache=True).strip():
        refuse(422, None, "The body is not JSON (or not sent as application/json).")
    if _deeper_than(body, MAX_DEPTH):
        refuse(422, None, too_deep)
    return body


def json_object(known: tuple[str, ...] | frozenset[str]) -> dict:
    """The body as an object of known fields (no body: an empty one), or a 422 answer."""
    body = json_body()
    if body is None:
        return {}
    if not isinstance(body, dict):
        refuse(422, None, "Send a JSON object.")
    errors = unknown_fields(body, known)
    if errors:
        abort(make_response(api_errors(422, errors)))
    return body


def unknown_fields(item: dict, known, index: int | None = None) -> list[dict]:
    """One error per field the endpoint does not read, with the closest known name if any."""
    errors = []
    for name in item:
        if name in known:
            continue
        close = get_close_matches(name, list(known), n=1)
        message = f"unknown field; did you mean {close[0]}?" if close else "unknown field"
        errors.append({**({"index": index} if index is not None else {}), "field": name,
                       "message": message})
    return errors


def refuse_unknown_query():
    """Every query parameter the endpoint does not read (as the API's document lists them),
    or one sent twice, named back with 422: a misspelt filter would otherwise list everything."""
    from workspace.api.openapi import query_names

    known = query_names(request.url_rule.rule, request.method)
    if known is None:
        return None
    errors = unknown_fields(request.args, known)
    errors += [{"field": name, "message": "Sent more than once."}
               for name in known if len(request.args.getlist(name)) > 1]
    return api_errors(422, errors) if errors else None


def refuse(status: int, field: str | None, message: str):
    """Stop the request with the API's one error shape."""
    abort(make_response(api_errors(status, [{"field": field, "message": message}])))


def _deeper_than(value, limit: int) -> bool:
    """Whether arrays and objects nest past `limit`, found without recursion."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1)
                         for child in (node.values() if isinstance(node, dict) else node))
    return False
