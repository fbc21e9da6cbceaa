from flask_babel import lazy_gettext as _l

from workspace.navigation import AREAS, NavArea

from . import api  # noqa: F401  (adds the metrics endpoint to /api/v1)
from .views import bp  # noqa: F401

AREAS.append(NavArea("metrics.index", _l("Metrics"), "/metrics"))
