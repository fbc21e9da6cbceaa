"""In-app notifications, and who follows which document."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace import clock
from workspace.auth.models import User
from workspace.columns import UTCDateTime
from workspace.extensions import db


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(30))  # mention, reply, change, waiting
    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int]
    target_label: Mapped[str] = mapped_column(String(200))
    excerpt: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")
    # A request (kind "waiting") whose document no longer waits on the reader; set when read.
    done = False

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def is_new(self) -> bool:
        return self.read_at is None and not self.done


class Follow(db.Model):
    """Following a document brings notifications of its changes; `active` off means unfollowed."""

    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("user_id", "target_type", "target_id"),
                      Index("ix_follows_target", "target_type", "target_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)
