"""The activity feed: who did what to which document, recorded once by the service that did it."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace import clock
from workspace.auth.models import User
from workspace.columns import UTCDateTime
from workspace.extensions import db


class ActivityEntry(db.Model):
    __tablename__ = "activity_entries"
    __table_args__ = (
        Index("ix_activity_entries_area_created_at", "area", "created_at"),
        Index("ix_activity_entries_team_created_at", "team", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The actor's team when it happened: the feed filters by it without a join.
    team: Mapped[str | None] = mapped_column(String(16))
    verb: Mapped[str] = mapped_column(String(40))
    area: Mapped[str] = mapped_column(String(20))
    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int]
    # What the target was called at the time, so the feed needs no query per row.
    target_label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)

    actor: Mapped[User | None] = relationship(lazy="joined")
