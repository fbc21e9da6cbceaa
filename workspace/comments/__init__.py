from flask import Flask


def init_area(app: Flask) -> None:
    from .views import bp

    app.register_blueprint(bp)
