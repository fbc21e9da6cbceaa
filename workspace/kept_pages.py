"""Whole pages kept for their reader (workspace.kept), around a layout drawn live.

A kept page is its title and content, drawn once for one reader at one address and kept until
a write or the clock can change them. What only this request has is left out of what is kept:
- the layout (the unread count, flashed messages, drafts to forget) is drawn around the kept
  content on every request;
- the reader's CSRF token is kept as a mark, and each request puts its own session's token in
  its place.

The key is the page's template, the address with its query, the reader (who, language,
zone) and what else of the session the page shows: a page may show what only its reader sees.
A page that changes with no write says when, as `until` (workspace.kept). The page's template
extends `layout()`, which while drawing is `_kept_capture.html`: it lays the blocks out
between marks for `kept_page` to take apart.
"""

import secrets
from collections.abc import Callable, Hashable
from datetime import datetime

from flask import Response, g, make_response, render_template, request
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from workspace import htmx
from workspace.kept import kept

# Per process and unguessable, so no text a person wrote can carry either mark.
TOKEN_MARK = f"csrf-{secrets.token_hex(16)}"
BLOCK_MARK = f"<!--block-{secrets.token_hex(16)}-->"
BLOCKS = ("title", "main_class", "content")


def kept_page(template: str, build: Callable[[datetime], tuple[dict, datetime]],
              session_state: Hashable = None) -> Response:
    """The whole page of `template` for this request, its blocks drawn from `build(now)`
    -> (context, until) unless they are kept for this reader, address and data version, and
    for `session_state`: what the page shows of this session beyond its token."""
    reader = (getattr(current_user, "id", None), str(get_locale()), str(get_timezone()))
    blocks = kept(f"page:{template}", (request.full_path, *reader, session_state),
                  lambda now: _drawn(template, build, now))
    token = generate_csrf()
    shown = {name: Markup(text.replace(TOKEN_MARK, token))
             for name, text in zip(BLOCKS, blocks, strict=True)}
    response = make_response(render_template("_kept_page.html", **shown))
    response.headers["Vary"] = htmx.VARY
    return response


def layout() -> str:
    """The template a kept page's template extends: the layout, or the marks while drawing."""
    return "_kept_capture.html" if g.get("drawing_kept_page") else "base.html"


def block_mark() -> Markup:
    return Markup(BLOCK_MARK)


def _drawn(template: str, build, now: datetime) -> tuple[tuple[str, ...], datetime]:
    context, until = build(now)
    g.drawing_kept_page = True
    try:
        drawn = render_template(template, **context)
    finally:
        g.drawing_kept_page = False
    blocks = drawn.split(BLOCK_MARK)
    if len(blocks) != len(BLOCKS):
        raise RuntimeError(f"{template} must extend layout() to be kept")
    title, main_class, content = blocks
    blocks = (title.strip(), main_class.strip(), content)
    token = g.get("csrf_token")  # Flask-WTF's token for this request, once one was drawn
    return tuple(block.replace(token, TOKEN_MARK) if token else block for block in blocks), until
