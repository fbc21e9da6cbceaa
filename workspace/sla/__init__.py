"""The SLA agreement: versions both heads negotiate, sign and hold each other to."""

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

from workspace import areas
from workspace.documents import DocumentType
from workspace.i18n import N_


def init_area(app: Flask) -> None:
    from workspace.sla.models import AgreementVersion
    from workspace.sla.needs import broken_record, holds_money, signatures_waiting
    from workspace.sla.services import still_waiting_on

    from . import api  # noqa: F401  (adds the SLA endpoints to /api/v1)
    from .views import bp

    app.register_blueprint(bp)
    areas.add_document_type(app, DocumentType(
        "agreement", "sla", AgreementVersion,
        url=lambda version: url_for("sla.show", number=version.number),
        label=lambda version: f"SLA v{version.number}",
        compare_url=lambda version, a, b: url_for("sla.history", number=version.number, a=a,
                                                  b=b),
        text=lambda version: version.text or "",
        verbs={"proposed": N_("proposed"), "signed": N_("signed"), "withdrew": N_("withdrew")},
        notifications={"waiting": N_("%(actor)s asks for your signature on %(target)s")},
        # A request for a signature is done once the version no longer waits on them.
        still_waiting_on=still_waiting_on))
    areas.add_nav(app, 20, "sla.index", _l("SLA"), "/sla")
    areas.add_home(app, 1, broken_record)  # before anything else: loud
    areas.add_home(app, 10, signatures_waiting)
    areas.add_money_holder(app, holds_money)
