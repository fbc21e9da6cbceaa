from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from workspace.admin.services import HOLDS_MONEY
from workspace.extensions import db
from workspace.metrics.models import Spend
from workspace.navigation import AREAS, NavArea

from . import (
    api,  # noqa: F401  (adds the metrics endpoint to /api/v1)
    spend,  # noqa: E402, F401  (adds the spend pages to the blueprint)
)
from .views import bp  # noqa: F401

AREAS.append(NavArea("metrics.index", _l("Metrics"), "/metrics"))
HOLDS_MONEY.append(lambda: db.session.scalar(select(exists().where(Spend.id.is_not(None)))))
