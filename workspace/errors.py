"""Error answers shaped for who asked: a page, a flash message for htmx, JSON for the API."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from workspace.htmx import flash_fragment, is_htmx


def api_errors(status: int, errors: list[dict]):
    """DESIGN.md's one error shape: {"errors": [{"field", "message"}]}."""
    return jsonify({"errors": errors}), status


def _message(error: HTTPException) -> str:
    messages = {
        403: _("You don't have permission to do that."),
        404: _("We couldn't find that page."),
        405: _("That action isn't available here."),
        429: _("Too many requests. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Nothing was saved; please try again."),
    }
    return messages.get(error.code or 500, error.description or _("Something went wrong."))


def handle_http_error(error: HTTPException):
    status = error.code or 500
    if request.path.startswith("/api/"):
        return api_errors(status, [{"field": None, "message": error.description}])
    if is_htmx():
        return flash_fragment(_message(error), status)
    return render_template("errors/error.html", status=status, message=_message(error)), status


def init_errors(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
