"""The app factory: config, extensions, blueprints, errors, CLI. Nothing runs at import."""

from flask import Flask


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="../static")
    from workspace.config import load_config

    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)

    _init_extensions(app)
    _register_blueprints(app)

    from workspace.drafts import init_drafts
    from workspace.errors import init_errors
    from workspace.templating import init_templating

    init_errors(app)
    init_drafts(app)
    init_templating(app)

    from workspace.cli import register_commands

    register_commands(app)
    return app


def _init_extensions(app: Flask) -> None:
    from workspace import models  # noqa: F401  (every table known before anything binds)
    from workspace.auth.sessions import init_sessions
    from workspace.database import tune_sqlite
    from workspace.extensions import csrf, db, limiter, login_manager, migrate
    from workspace.i18n import init_i18n
    from workspace.security import init_security

    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine)
    migrate.init_app(app, db, render_as_batch=True)
    login_manager.init_app(app)
    # Session lifetimes are checked before CSRF, so an expired session answers 401.
    init_sessions(app)
    csrf.init_app(app)
    limiter.init_app(app)
    init_i18n(app)
    init_security(app)


def _register_blueprints(app: Flask) -> None:
    from workspace.activity import bp as activity_bp
    from workspace.admin import bp as admin_bp
    from workspace.api import bp as api_bp
    from workspace.auth import bp as auth_bp
    from workspace.comments import bp as comments_bp
    from workspace.extensions import csrf
    from workspace.glossary import bp as glossary_bp
    from workspace.home import bp as home_bp
    from workspace.leads import bp as leads_bp
    from workspace.metrics import bp as metrics_bp
    from workspace.notifications import bp as notifications_bp
    from workspace.presence import bp as presence_bp
    from workspace.sla import bp as sla_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    for blueprint in (activity_bp, comments_bp, notifications_bp, presence_bp, glossary_bp,
                      sla_bp, leads_bp, metrics_bp):
        app.register_blueprint(blueprint)
    # Last: areas add their endpoints to the API blueprint when they are imported above.
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
