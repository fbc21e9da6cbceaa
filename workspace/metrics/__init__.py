"""The metrics that settle the old dispute: the two-sided SLA, the funnel, money, attribution."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from workspace import areas


def init_area(app: Flask) -> None:
    from . import (
        api,  # noqa: F401  (adds the metrics endpoint to /api/v1)
        spend,  # noqa: F401  (adds the spend pages to the blueprint)
    )
    from .views import bp

    app.register_blueprint(bp)
    areas.add_nav(app, 60, "metrics.index", _l("Metrics"), "/metrics")
    areas.add_money_holder(app, _spend_recorded)


def _spend_recorded() -> bool:
    from sqlalchemy import exists, select

    from workspace.extensions import db
    from workspace.metrics.models import Spend

    return bool(db.session.scalar(select(exists().where(Spend.id.is_not(None)))))
