"""Security headers on every response; the CSP allows no inline script and no other origin."""

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if _signed_in(request) or "Authorization" in request.headers:
        # A signed-in page, or an API answer to a token, holds someone's work: no browser
        # or proxy keeps a copy of it.
        headers.setdefault("Cache-Control", "no-store")
    return response


def _signed_in(request) -> bool:
    from flask_login import current_user

    return request.endpoint != "static" and current_user.is_authenticated


def init_security(app: Flask) -> None:
    app.after_request(set_security_headers)
