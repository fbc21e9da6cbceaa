"""The lead feedback loop: hand-off, the rep's inbox, attempts, ratings and deals."""

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

from workspace import areas
from workspace.documents import DocumentType
from workspace.i18n import N_


def init_area(app: Flask) -> None:
    from workspace.leads import labels
    from workspace.leads.models import Lead
    from workspace.leads.needs import deadlines, holds_money, leads_to_contact, rebuild_months

    from . import (
        api,  # noqa: F401  (adds the lead endpoints to /api/v1)
        imports_views,  # noqa: F401  (adds the CSV import pages to the blueprint)
    )
    from .views import bp

    app.register_blueprint(bp)
    # Templates read a lead's values through these tables: `lead.status|label(lead_labels.STATUS)`.
    app.jinja_env.globals.update(lead_labels=labels)
    areas.add_document_type(app, DocumentType(
        "lead", "leads", Lead, url=lambda lead: url_for("leads.show", lead_id=lead.id),
        label=lambda lead: lead.company,
        verbs={"handed over": N_("handed over"), "rated": N_("rated"), "won": N_("won"),
               "lost": N_("lost"), "changed credit": N_("changed the credit for"),
               "reassigned": N_("reassigned")},
        notifications={"assigned": N_("%(actor)s handed you a new lead: %(target)s"),
                       "feedback": N_("%(actor)s gave feedback on %(target)s")}))
    areas.add_nav(app, 50, "leads.index", _l("Leads"), "/leads")
    areas.add_home(app, 20, leads_to_contact)
    areas.add_notices(app, deadlines)
    areas.add_zone_listener(app, rebuild_months)
    areas.add_money_holder(app, holds_money)
