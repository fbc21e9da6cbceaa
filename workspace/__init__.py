"""The app factory: config, extensions, blueprints, errors, CLI. Nothing runs at import."""

from flask import Flask

# Every area, each wired by its package's init_area(app). Navigation and home follow the orders
# the areas give, not this list; the API comes last, as the areas add endpoints to it.
AREAS = ("auth", "home", "admin", "activity", "comments", "notifications", "presence",
         "glossary", "sla", "goals", "meetings", "leads", "metrics", "api")


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="../static")
    from workspace.config import load_config

    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)
    _behind_proxy(app)

    from workspace.urls import init_urls

    init_urls(app)
    _init_extensions(app)
    _init_areas(app)

    from workspace.drafts import init_drafts
    from workspace.errors import init_errors
    from workspace.templating import init_templating

    init_errors(app)
    init_drafts(app)
    init_templating(app)

    from workspace.cli import register_commands

    register_commands(app)
    return app


def _behind_proxy(app: Flask) -> None:
    """The client's address (per-IP limits, sign-in throttling) and scheme come from the proxy's
    forwarded headers only when the operator says how many proxies to trust."""
    hops = app.config.get("PROXY_FIX_HOPS", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _init_extensions(app: Flask) -> None:
    from workspace import models  # noqa: F401  (every table known before anything binds)
    from workspace.auth.sessions import init_sessions
    from workspace.database import tune_sqlite
    from workspace.extensions import csrf, db, limiter, login_manager, migrate
    from workspace.i18n import init_i18n
    from workspace.mail import init_mail
    from workspace.security import init_security

    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine)
        from workspace.data_version import watch

        watch(db.engine)
    migrate.init_app(app, db, render_as_batch=True)
    login_manager.init_app(app)
    # Session lifetimes are checked before CSRF, so an expired session answers 401.
    init_sessions(app)
    csrf.init_app(app)
    limiter.init_app(app)
    init_i18n(app)
    init_mail(app)
    init_security(app)


def _init_areas(app: Flask) -> None:
    from importlib import import_module

    from workspace.areas import init_registry

    init_registry(app)
    for name in AREAS:
        import_module(f"workspace.{name}").init_area(app)
