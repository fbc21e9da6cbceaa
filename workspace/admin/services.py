"""The admin's verbs: people's membership and status, the workspace's settings."""

from collections.abc import Callable

from sqlalchemy import select

from workspace import clock
from workspace.admin.models import WorkspaceSettings
from workspace.auth.models import User
from workspace.extensions import db

# Called with the new zone, in the same transaction, when the workspace's time zone changes
# (areas that keep figures per local month register here).
ZONE_CHANGED: list[Callable[[str], None]] = []
# Each answers whether its area has stored an amount of money (in the workspace currency's
# cents); while any has, the currency cannot change, since nothing would convert them.
HOLDS_MONEY: list[Callable[[], bool]] = []


class CannotChangeSelf(Exception):
    pass


class CurrencyInUse(Exception):
    pass


def workspace_settings() -> WorkspaceSettings:
    """The one settings row, made with defaults on first use."""
    settings = db.session.scalar(select(WorkspaceSettings).limit(1))
    if settings is None:
        settings = WorkspaceSettings(name="Alinea", currency="USD", timezone="UTC")
        db.session.add(settings)
        db.session.commit()
    return settings


def update_workspace(name: str, currency: str, timezone: str) -> WorkspaceSettings:
    from workspace.database import lock_and_refresh, write_unit

    settings = workspace_settings()
    with write_unit():
        # Locked: leads being handed over read the zone with a share lock (leads.stats), so
        # a new zone waits for them and relabels them too.
        lock_and_refresh(settings)
        if currency != settings.currency and any(holds() for holds in HOLDS_MONEY):
            raise CurrencyInUse(settings.currency)
        settings.name = name.strip()
        settings.currency = currency
        if settings.timezone != timezone:
            settings.timezone = timezone
            for rezone in ZONE_CHANGED:
                rezone(timezone)
    return settings


def change_membership(user: User, team: str | None, role: str | None, is_admin: bool,
                      by: User) -> None:
    if user.id == by.id and not is_admin:
        raise CannotChangeSelf()
    user.team = team or None
    user.role = role if team else None
    user.is_admin = is_admin
    db.session.commit()


def deactivate(user: User, by: User) -> None:
    """They can no longer sign in; what they wrote stays theirs."""
    if user.id == by.id:
        raise CannotChangeSelf()
    user.deactivated_at = clock.now()
    user.end_sessions()
    db.session.commit()


def reactivate(user: User) -> None:
    user.deactivated_at = None
    db.session.commit()


def people() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.kind == "person").order_by(User.deactivated_at.is_not(None),
                                                           User.name)))


def pending_people() -> list[User]:
    """Invited, not joined yet, still active: who the admin may want to nudge."""
    return list(db.session.scalars(
        select(User).where(User.kind == "person", User.joined_at.is_(None),
                           User.deactivated_at.is_(None)).order_by(User.created_at)))
