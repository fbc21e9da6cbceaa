from flask import url_for
from flask_babel import lazy_gettext as _l

from workspace.admin.services import HOLDS_MONEY
from workspace.documents import DocumentType, register_document_type
from workspace.home.needs import NEEDS, Need
from workspace.navigation import AREAS, NavArea
from workspace.notifications.derived import WAITING_ON
from workspace.sla.models import AgreementVersion
from workspace.sla.services import still_waiting_on

from . import api  # noqa: F401  (adds the SLA endpoints to /api/v1)
from .views import bp  # noqa: F401

register_document_type(DocumentType(
    "agreement", "sla", AgreementVersion,
    url=lambda version: url_for("sla.show", number=version.number),
    label=lambda version: f"SLA v{version.number}",
    compare_url=lambda version, a, b: url_for("sla.history", number=version.number, a=a, b=b)))
AREAS.append(NavArea("sla.index", _l("SLA"), "/sla"))


def _money_thresholds() -> bool:
    """Any version whose MQL rules compare a money field: its thresholds are in cents."""
    from sqlalchemy import select

    from workspace.extensions import db
    from workspace.sla.rules import FIELDS, MONEY

    return any(FIELDS.get(rule.get("field"), ("",))[0] == MONEY
               for rules in db.session.scalars(select(AgreementVersion.mql_rules))
               for rule in rules or [])


HOLDS_MONEY.append(_money_thresholds)


def _signatures_waiting(user):
    from flask_babel import gettext as _

    from workspace.sla.services import waiting_for_signature

    versions = waiting_for_signature(user)
    if not versions:
        return None
    return Need(_("Your signature is waiting"),
                [(_("SLA version %(n)s", n=v.number), url_for("sla.show", number=v.number))
                 for v in versions], len(versions), url_for("sla.index"))


NEEDS.insert(0, _signatures_waiting)

# A request for a signature or an approval is done once the document no longer waits on them.
WAITING_ON["agreement"] = still_waiting_on
