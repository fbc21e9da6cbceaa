"""Heartbeats: each open page says "still here" every few seconds; silence means gone."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from workspace import clock
from workspace.auth.models import User
from workspace.database import write_unit
from workspace.documents import type_of
from workspace.extensions import db
from workspace.presence.models import Presence

HEARTBEAT_SECONDS = 5
GONE_AFTER = timedelta(seconds=HEARTBEAT_SECONDS * 4)


@dataclass(frozen=True)
class PresenceState:
    editors: list[Presence]
    changed_by: User | None
    current_revision: int

    def digest(self) -> str:
        """Changes whenever what the notice shows changes; equal digests answer 204."""
        parts = [f"{p.user_id}:{p.editing_since}" for p in self.editors]
        parts.append(f"rev:{self.current_revision}:{self.changed_by and self.changed_by.id}")
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def heartbeat(user: User, document, editing: bool) -> None:
    doc_type = type_of(document)
    now = clock.now()
    with write_unit():
        presence = db.session.scalar(select(Presence).where(
            Presence.target_type == doc_type.name, Presence.target_id == document.id,
            Presence.user_id == user.id))
        if presence is None:
            presence = Presence(target_type=doc_type.name, target_id=document.id,
                                user_id=user.id)
            db.session.add(presence)
        if editing and not (presence.editing and presence.seen_at > now - GONE_AFTER):
            presence.editing_since = now
        presence.editing = editing
        presence.seen_at = now


def presence_state(document, viewer: User, seen_revision: int) -> PresenceState:
    """Others editing now, and who saved the revision the viewer has not seen."""
    doc_type = type_of(document)
    editors = list(db.session.scalars(select(Presence).where(
        Presence.target_type == doc_type.name, Presence.target_id == document.id,
        Presence.user_id != viewer.id, Presence.editing.is_(True),
        Presence.seen_at > clock.now() - GONE_AFTER).order_by(Presence.editing_since)))
    changed_by = None
    if document.current_revision > seen_revision:
        from workspace.revisions import revision

        latest = revision(document, document.current_revision)
        changed_by = latest.author if latest else None
    return PresenceState(editors, changed_by, document.current_revision)
