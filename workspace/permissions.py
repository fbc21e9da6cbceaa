"""DESIGN.md's roles table, once. Views ask `can()`; nothing else checks roles."""

from enum import Enum
from functools import wraps

from flask import abort
from flask_login import current_user


class Action(Enum):
    MANAGE_USERS = "manage_users"
    MANAGE_TOKENS = "manage_tokens"
    MANAGE_WORKSPACE = "manage_workspace"
    EDIT_DOCUMENTS = "edit_documents"
    APPROVE_TERM = "approve_term"
    DRAFT_SLA = "draft_sla"
    SIGN_SLA = "sign_sla"
    HAND_OVER_LEADS = "hand_over_leads"
    CHANGE_ATTRIBUTION = "change_attribution"
    WORK_LEAD = "work_lead"
    REASSIGN_LEADS = "reassign_leads"
    ENTER_SPEND = "enter_spend"
    VIEW = "view"


def _is_person(user) -> bool:
    return user.is_authenticated and user.is_active and user.kind == "person"


def _head(user, team: str | None = None) -> bool:
    return user.role == "head" and (team is None or user.team == team)


def _member(user, team: str) -> bool:
    return user.team == team and user.role == "member"


def can(user, action: Action, obj=None) -> bool:
    """May this user do this (to this object)? Integration users act only via API scopes."""
    if not _is_person(user):
        return False
    if action is Action.VIEW:
        return True
    if action in (Action.MANAGE_USERS, Action.MANAGE_TOKENS, Action.MANAGE_WORKSPACE):
        return user.is_admin
    if action is Action.EDIT_DOCUMENTS:
        return True
    if action in (Action.APPROVE_TERM, Action.DRAFT_SLA, Action.SIGN_SLA,
                  Action.CHANGE_ATTRIBUTION):
        return _head(user)
    if action is Action.ENTER_SPEND:
        return user.is_admin or _head(user)
    if action is Action.HAND_OVER_LEADS:
        return user.is_admin or user.team == "marketing"
    if action is Action.REASSIGN_LEADS:
        return _head(user, "sales")
    if action is Action.WORK_LEAD:
        if _head(user, "sales"):
            return True
        assigned = getattr(obj, "assigned_to_id", None)
        return _member(user, "sales") and (obj is None or assigned == user.id)
    return False


def require(action: Action):
    """Refuse the view with 403 unless the signed-in user may do `action`."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not can(current_user, action):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
