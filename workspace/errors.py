"""Error answers shaped for who asked: a page, a flash message for htmx, JSON for the API."""

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from workspace.htmx import VARY, flash_fragment, is_htmx


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
        503: _("Something went wrong on our side. Nothing was saved; please try again."),
    }
    return messages.get(error.code or 500, error.description or _("Something went wrong."))


def handle_http_error(error: HTTPException):
    if _unreachable(getattr(error, "original_exception", None)):  # raised past the handlers
        return handle_database_error(error.original_exception)
    status = error.code or 500
    if status >= 500:
        _roll_back()  # the failed request's transaction must not break the error page too
    try:
        if request.path.startswith("/api/"):
            return api_errors(status, [{"field": None, "message": error.description}])
        if is_htmx():
            return flash_fragment(_message(error), status)
        return render_template("errors/error.html", status=status,
                               message=_message(error)), status
    except Exception:  # the error page itself failed (the database gone, a broken template)
        current_app.logger.exception("The error page for %s failed; answering a bare one",
                                     status)
        _roll_back()
        return _bare_flash(status) if is_htmx() else _bare_page(status)


# Seconds a client is asked to wait while the database is unreachable (a restart, a failover).
RETRY_AFTER_SECONDS = 5


def _unreachable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated)


def handle_database_error(error: DBAPIError):
    """The database gone (refused, restarted, cut mid-query) is a 503 to retry, not a bug: the
    transaction rolled back whole, so nothing was half-written."""
    if not _unreachable(error):
        current_app.logger.exception("Database error", exc_info=error)
        return handle_http_error(InternalServerError(original_exception=error))
    current_app.logger.warning("Database unreachable: %s", error.orig)
    response = current_app.make_response(handle_http_error(ServiceUnavailable(
        "The database cannot be reached just now. Nothing was saved; try again.")))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _roll_back() -> None:
    from workspace.extensions import db

    try:
        db.session.rollback()
    except Exception:  # a connection already lost: nothing to roll back
        current_app.logger.exception("Rolling back after an error failed")


BARE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{status}</title></head>
<body><main><h1>{status}</h1><p>{message}</p>
<p lang="es">Algo ha fallado por nuestra parte. No se ha guardado nada; inténtalo de nuevo.</p>
<p><a href="/">Alinea</a></p></main></body></html>
"""


BARE_MESSAGES = {
    400: "That request could not be answered.",
    500: "Something went wrong on our side. Nothing was saved; please try again.",
    503: "The database cannot be reached just now. Nothing was saved; please try again in a "
         "moment.",
}


def _bare_page(status: int) -> Response:
    """An error page that needs nothing: no database, no layout, no translation catalog."""
    message = BARE_MESSAGES.get(status) or BARE_MESSAGES[500 if status >= 500 else 400]
    return Response(BARE_PAGE.format(status=int(status), message=escape(message)), status,
                    mimetype="text/html")


def _bare_flash(status: int) -> Response:
    """The bare page's message as htmx's flash fragment: never a whole page in a small target."""
    message = BARE_MESSAGES.get(status) or BARE_MESSAGES[500 if status >= 500 else 400]
    response = Response(f'<p class="flash flash-error">{escape(message)}</p>', status,
                        mimetype="text/html")
    response.headers.update({"HX-Retarget": "#flash", "HX-Reswap": "innerHTML", "Vary": VARY})
    return response


def init_errors(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DBAPIError, handle_database_error)
