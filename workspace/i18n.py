"""Language and time zone per person: English or Spanish, times in their zone."""

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

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


def country_name(code: str | None) -> str:
    """A country code (as leads and rules store it, "es") by its name in the reader's
    language ("Spain", "España"); anything else as it is."""
    if not code or not isinstance(code, str) or len(code) != 2 or not code.isalpha():
        return code or ""
    from flask_babel import get_locale

    locale = get_locale()
    return locale.territories.get(code.upper(), code) if locale else code


def fast_gettext(text: str) -> str:
    """gettext with the catalog looked up once per request (Flask-Babel's looks it up per call)."""
    return _request_translations().ugettext(text) if has_request_context() else text


@pass_eval_context
def _template_gettext(eval_ctx, string: str, **variables) -> str:
    """Jinja's newstyle gettext in one call (its own goes through three `context.call`s)."""
    translated = _request_translations().ugettext(string)
    # Always a format string, as in Jinja's newstyle gettext, so "%%" reads the same everywhere.
    return (Markup(translated) if eval_ctx.autoescape else translated) % variables


@pass_eval_context
def _template_ngettext(eval_ctx, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    translated = _request_translations().ungettext(singular, plural, num)
    return (Markup(translated) if eval_ctx.autoescape else translated) % variables


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone,
                   default_translation_directories="../translations")
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _request_translations().ugettext(s),
        ngettext=lambda s, p, n: _request_translations().ungettext(s, p, n),
        newstyle=True)
    # `_` is Jinja's alias that looks gettext up again on every call; point both at one function.
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext,
                                 ngettext=_template_ngettext)
