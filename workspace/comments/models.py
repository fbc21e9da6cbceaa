"""Comments on any shared document, threaded one level."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace import clock
from workspace.auth.models import User
from workspace.columns import UTCDateTime
from workspace.extensions import db


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_target", "target_type", "target_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship(lazy="joined")

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def editable_by(self, user) -> bool:
        return not self.is_deleted and user.id == self.author_id
