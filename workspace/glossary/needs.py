"""What the glossary asks of a person on home."""

from flask import url_for
from flask_babel import gettext as _

from workspace.auth.models import TEAMS
from workspace.home.needs import Need


def terms_to_approve(user) -> Need | None:
    from workspace.glossary.queries import awaiting_decision
    from workspace.permissions import Action, can

    if not can(user, Action.APPROVE_TERM) or user.team not in TEAMS:
        return None
    terms, total = awaiting_decision(user.team)
    if not total:
        return None
    return Need(_("Terms waiting for your approval"),
                [(t.name, url_for("glossary.show", slug=t.slug)) for t in terms], total,
                url_for("glossary.index"))
