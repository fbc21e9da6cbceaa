"""Redirect targets a user can influence are only ever local paths."""

from flask import request, url_for


def safe_next(default_endpoint: str = "home.index") -> str:
    target = request.args.get("next") or request.form.get("next") or ""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for(default_endpoint)
