from flask import url_for
from flask_babel import lazy_gettext as _l

from workspace.documents import DocumentType, register_document_type
from workspace.glossary.models import Term
from workspace.glossary.services import still_waiting_on
from workspace.home.needs import NEEDS, Need
from workspace.navigation import AREAS, NavArea
from workspace.notifications.derived import WAITING_ON

from .views import bp  # noqa: F401

register_document_type(DocumentType(
    "term", "glossary", Term,
    url=lambda term: url_for("glossary.show", slug=term.slug),
    label=lambda term: term.name,
    compare_url=lambda term, a, b: url_for("glossary.history", slug=term.slug, a=a, b=b)))
AREAS.append(NavArea("glossary.index", _l("Glossary"), "/glossary"))


def _terms_to_approve(user):
    from flask_babel import gettext as _

    from workspace.glossary.queries import awaiting_decision
    from workspace.permissions import Action, can

    if not can(user, Action.APPROVE_TERM) or user.team not in ("marketing", "sales"):
        return None
    terms, total = awaiting_decision(user.team)
    if not total:
        return None
    return Need(_("Terms waiting for your approval"),
                [(t.name, url_for("glossary.show", slug=t.slug)) for t in terms], total,
                url_for("glossary.index"))


NEEDS.append(_terms_to_approve)

# A request for a signature or an approval is done once the document no longer waits on them.
WAITING_ON["term"] = still_waiting_on
