"""The one place that decides between a whole page and the fragment htmx swaps."""

from flask import Response, make_response, redirect, render_template, request, url_for

VARY = "HX-Request, HX-Request-Type"


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def wants_fragment() -> bool:
    # Boosted navigation, history restores and hx-select requests ask for "full".
    return is_htmx() and request.headers.get("HX-Request-Type") == "partial"


def render(page: str, fragment: str, status: int = 200, **context) -> Response:
    """The fragment for an htmx partial request, the whole page otherwise."""
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.headers["Vary"] = VARY
    return response


def go_to(url: str) -> Response:
    """After a save, the page at `url`: a plain or boosted form gets a 303; a partial one (the
    conflict view's merged save, which targets its own card) tells htmx to load the page whole,
    never to swap it inside the card."""
    if wants_fragment():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, 303)


def trigger(response: Response, event: str) -> Response:
    """Tell other regions of the page that something happened (`noun-pastverb`)."""
    existing = response.headers.get("HX-Trigger")
    response.headers["HX-Trigger"] = f"{existing}, {event}" if existing else event
    return response


def flash_fragment(message: str, status: int, category: str = "error") -> Response:
    """A small message into the flash region instead of an error page inside a fragment."""
    html = render_template("_flash_one.html", message=message, category=category)
    response = make_response(html, status)
    response.headers["HX-Retarget"] = "#flash"
    response.headers["HX-Reswap"] = "innerHTML"
    response.headers["Vary"] = VARY
    return response


def sign_in_redirect() -> Response:
    """An htmx request without a live session: send the whole window to sign in."""
    target = request.headers.get("HX-Current-URL", "")
    response = make_response("", 401)
    response.headers["HX-Redirect"] = url_for("auth.login", next=_local_path(target))
    return response


def _local_path(url: str) -> str | None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if not parts.path.startswith("/") or parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
