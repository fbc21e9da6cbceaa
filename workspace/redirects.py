"""Redirect targets a user can influence are only ever local paths."""

import re
from urllib.parse import unquote

from flask import request, url_for

# Percent-encoded "/" or "\": a browser or proxy that decodes once more would see a new host.
_ENCODED_SLASH = re.compile(r"%(2f|5c)", re.IGNORECASE)
# How many times a target may be percent-encoded over itself before it is refused outright.
_MAX_DECODINGS = 3


def safe_next(default_endpoint: str = "home.index") -> str:
    """Where to go after signing in (or changing the language): `next` if it is a path on this
    site, else the default page."""
    target = request.args.get("next") or request.form.get("next") or ""
    return target if is_local_path(target) else url_for(default_endpoint)


def is_local_path(target: str) -> bool:
    """True for "/a/path?and=query" only, judged at every percent-decoding a browser, werkzeug
    or a proxy might apply: browsers drop tabs and newlines inside URLs and read "\\" as "/", so
    "/\\t/evil", "/\\\\evil" and "/%2f/evil" would each turn into "//evil", another host."""
    layer = target
    for _ in range(_MAX_DECODINGS + 1):
        if not _plain_path(layer) or _ENCODED_SLASH.search(layer):
            return False
        decoded = unquote(layer)
        if decoded == layer:
            return True
        layer = decoded
    return False  # still encoded after several decodings: nothing legitimate looks like that


def _plain_path(text: str) -> bool:
    """Starts with one "/", and holds no backslash, whitespace or control character."""
    return (text.startswith("/") and not text.startswith("//") and "\\" not in text
            and not any(char.isspace() or not char.isprintable() for char in text))
