"""The admin's verbs: people's membership and status, the workspace's settings."""


from sqlalchemy import select

from workspace import clock
from workspace.admin.models import WorkspaceSettings
from workspace.areas import registry
from workspace.auth.models import User
from workspace.database import write_unit
from workspace.extensions import db


class CannotChangeSelf(Exception):
    pass


class CurrencyInUse(Exception):
    pass


def _defaults() -> WorkspaceSettings:
    return WorkspaceSettings(name="Alinea", currency="USD", timezone="UTC",
                             goal_period="quarter")


def workspace_settings() -> WorkspaceSettings:
    """The one settings row; the defaults until an admin saves it (a read never writes).
    Within a request, the row loaded with the signed-in user (auth.sessions) serves."""
    from flask import g, has_request_context

    if has_request_context() and "workspace" in g:
        return g.workspace
    return db.session.scalar(select(WorkspaceSettings).limit(1)) or _defaults()


def update_workspace(name: str, currency: str, timezone: str,
                     goal_period: str | None = None) -> WorkspaceSettings:
    with write_unit():
        # Locked: leads being handed over read the zone with a share lock (leads.stats), so
        # a new zone waits for them and relabels them too.
        settings = db.session.scalar(select(WorkspaceSettings).limit(1).with_for_update())
        if settings is None:
            settings = _defaults()
            db.session.add(settings)
        if currency != settings.currency and any(holds() for holds in registry().holds_money):
            raise CurrencyInUse(settings.currency)
        settings.name = name.strip()
        settings.currency = currency
        settings.goal_period = goal_period or settings.goal_period or "quarter"
        if settings.timezone != timezone:
            settings.timezone = timezone
            for rezone in registry().zone_changed:
                rezone(timezone)
    return settings


def change_membership(user: User, team: str | None, role: str | None, is_admin: bool,
                      by: User) -> None:
    if user.id == by.id and not is_admin:
        raise CannotChangeSelf()
    with write_unit():
        user.team = team or None
        user.role = role if team else None
        user.is_admin = is_admin


def deactivate(user: User, by: User) -> None:
    """They can no longer sign in; what they wrote stays theirs."""
    if user.id == by.id:
        raise CannotChangeSelf()
    with write_unit():
        user.deactivated_at = clock.now()
        user.end_sessions()


def reactivate(user: User) -> None:
    with write_unit():
        user.deactivated_at = None


def people() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.kind == "person").order_by(User.deactivated_at.is_not(None),
                                                           User.name)))


def pending_people() -> list[User]:
    """Invited, not joined yet, still active: who the admin may want to nudge."""
    return list(db.session.scalars(
        select(User).where(User.kind == "person", User.joined_at.is_(None),
                           User.deactivated_at.is_(None)).order_by(User.created_at)))
