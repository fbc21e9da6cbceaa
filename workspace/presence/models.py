"""Who is looking at or editing a document, kept alive by heartbeats in the database."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace import clock
from workspace.auth.models import User
from workspace.columns import UTCDateTime
from workspace.extensions import db


class Presence(db.Model):
    __tablename__ = "presences"
    __table_args__ = (UniqueConstraint("target_type", "target_id", "user_id"),
                      Index("ix_presences_target_seen", "target_type", "target_id", "seen_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    editing: Mapped[bool] = mapped_column(default=False)
    editing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    user: Mapped[User] = relationship(lazy="joined")
