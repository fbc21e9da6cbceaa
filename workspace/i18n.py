"""Language and time zone per person: English or Spanish, times in their zone."""

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_translations
from flask_login import current_user

from workspace.extensions import babel


def select_locale() -> str:
    languages = list(current_app.config["LANGUAGES"])
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]  # command line, background work
    if current_user and current_user.is_authenticated:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or "en"


def select_timezone() -> str:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.timezone
    return "UTC"


def _request_translations():
    # Flask-Babel looks the catalog up on every call; a page makes dozens of them.
    translations = g.get("_translations")
    if translations is None:
        translations = g._translations = get_translations()
    return translations


def N_(text: str) -> str:  # noqa: N802 (the marker name pybabel looks for)
    """Marks a string for translation where it is defined; translate it where it is shown."""
    return text


def fast_gettext(text: str) -> str:
    """gettext with the catalog looked up once per request (Flask-Babel's looks it up per call)."""
    return _request_translations().ugettext(text) if has_request_context() else text


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone,
                   default_translation_directories="../translations")
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _request_translations().ugettext(s),
        ngettext=lambda s, p, n: _request_translations().ungettext(s, p, n),
        newstyle=True)
