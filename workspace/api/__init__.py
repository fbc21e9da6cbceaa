from flask import Flask


def init_area(app: Flask) -> None:
    """Last in the factory's list: the other areas add their endpoints to this blueprint."""
    from workspace.extensions import csrf

    from .views import bp, public

    csrf.exempt(bp)  # the JSON API authenticates with bearer tokens, not cookies
    app.register_blueprint(bp, url_prefix="/api/v1")
    app.register_blueprint(public, url_prefix="/api/v1")
