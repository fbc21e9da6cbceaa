from flask import url_for
from flask_babel import lazy_gettext as _l

from workspace.documents import DocumentType, register_document_type
from workspace.glossary.models import Term
from workspace.navigation import AREAS, NavArea

from .views import bp  # noqa: F401

register_document_type(DocumentType(
    "term", "glossary", Term,
    url=lambda term: url_for("glossary.show", slug=term.slug),
    label=lambda term: term.name,
    compare_url=lambda term, a, b: url_for("glossary.history", slug=term.slug, a=a, b=b)))
AREAS.append(NavArea("glossary.index", _l("Glossary"), "/glossary"))
