"""The shared glossary: terms both teams agree, linked wherever they are used."""

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

from workspace import areas
from workspace.documents import DocumentType
from workspace.i18n import N_


def init_area(app: Flask) -> None:
    from workspace.glossary.models import Term
    from workspace.glossary.needs import terms_to_approve
    from workspace.glossary.services import still_waiting_on

    from .views import bp

    app.register_blueprint(bp)
    areas.add_document_type(app, DocumentType(
        "term", "glossary", Term,
        url=lambda term: url_for("glossary.show", slug=term.slug),
        label=lambda term: term.name,
        compare_url=lambda term, a, b: url_for("glossary.history", slug=term.slug, a=a, b=b),
        text=lambda term: "\n".join([term.definition, term.examples]),
        verbs={"approved": N_("approved"), "rejected": N_("asked for changes to"),
               "deprecated": N_("deprecated"), "reinstated": N_("reinstated")},
        notifications={"waiting": N_("%(actor)s asks for your approval of %(target)s")},
        # A request for an approval is done once the term no longer waits on them.
        still_waiting_on=still_waiting_on))
    areas.add_nav(app, 10, "glossary.index", _l("Glossary"), "/glossary")
    areas.add_home(app, 30, terms_to_approve)
