"""Blueprints that need a signed-in person call `require_login(bp)`."""

from flask import Blueprint
from flask_login import current_user

from workspace.extensions import login_manager


def require_login(bp: Blueprint) -> None:
    @bp.before_request
    def _signed_in_only():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None
