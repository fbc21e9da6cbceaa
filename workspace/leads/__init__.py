from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select

from workspace.admin.services import HOLDS_MONEY, ZONE_CHANGED
from workspace.documents import DocumentType, register_document_type
from workspace.extensions import db
from workspace.home.needs import NEEDS, Need
from workspace.leads.models import Lead
from workspace.navigation import AREAS, NavArea
from workspace.notifications.derived import DERIVED

from . import (
    api,  # noqa: F401  (adds the lead endpoints to /api/v1)
    imports_views,  # noqa: F401  (adds the CSV import pages to the blueprint)
    labels,
    stats,
)
from .views import bp

# Templates read a lead's values through these tables: `lead.status|label(lead_labels.STATUS)`.
bp.record_once(lambda state: state.app.jinja_env.globals.update(lead_labels=labels))

register_document_type(DocumentType(
    "lead", "leads", Lead, url=lambda lead: url_for("leads.show", lead_id=lead.id),
    label=lambda lead: lead.company))
AREAS.append(NavArea("leads.index", _l("Leads"), "/leads"))
ZONE_CHANGED.append(lambda zone: stats.rebuild(db.session.connection(), zone))
HOLDS_MONEY.append(lambda: db.session.scalar(select(exists().where(or_(
    Lead.deal_value.is_not(None), Lead.marketing_budget_monthly.is_not(None))))))


def _leads_to_contact(user):
    from flask_babel import gettext as _

    from workspace.leads.queries import to_contact

    if not user.is_rep:
        return None
    waiting, total = to_contact(user)
    if not total:
        return None
    return Need(_("Leads to contact"), [(lead.company, url_for("leads.show", lead_id=lead.id))
                                       for lead in waiting], total, url_for("leads.index"))


NEEDS.insert(0, _leads_to_contact)


def _deadlines(user) -> list[tuple[str, str]]:
    """A rep's first contacts missed or due within 15 minutes, from the stored deadlines."""
    from datetime import timedelta

    from flask_babel import gettext as _
    from sqlalchemy import select

    from workspace import clock
    from workspace.extensions import db

    if not user.is_rep:
        return []
    now = clock.now()
    due = db.session.execute(select(Lead.id, Lead.company, Lead.first_contact_due_at).where(
        Lead.assigned_to_id == user.id, Lead.status == "new", Lead.is_mql.is_(True),
        Lead.first_contact_due_at < now + timedelta(minutes=15))
        .order_by(Lead.first_contact_due_at).limit(20)).all()
    return [(_("First contact with %(company)s is overdue.", company=company) if at < now
             else _("First contact with %(company)s is due in a few minutes.", company=company),
             url_for("leads.show", lead_id=lead_id)) for lead_id, company, at in due]


DERIVED.append(_deadlines)
