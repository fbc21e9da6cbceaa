from flask import url_for
from flask_babel import lazy_gettext as _l

from workspace.documents import DocumentType, register_document_type
from workspace.home.needs import NEEDS, Need
from workspace.leads.models import Lead
from workspace.navigation import AREAS, NavArea

from . import api  # noqa: F401  (adds the lead endpoints to /api/v1)
from .views import bp  # noqa: F401

register_document_type(DocumentType(
    "lead", "leads", Lead, url=lambda lead: url_for("leads.show", lead_id=lead.id),
    label=lambda lead: lead.company))
AREAS.append(NavArea("leads.index", _l("Leads"), "/leads"))


def _leads_to_contact(user):
    from flask_babel import gettext as _

    from workspace.leads.queries import inbox

    if user.team != "sales" or user.role != "member":
        return None
    waiting = [lead for lead in inbox(user).leads if lead.status == "new"]
    if not waiting:
        return None
    return Need(_("Leads to contact"), [(lead.company, url_for("leads.show", lead_id=lead.id))
                                       for lead in waiting[:8]], len(waiting),
                url_for("leads.index"))


NEEDS.insert(0, _leads_to_contact)
