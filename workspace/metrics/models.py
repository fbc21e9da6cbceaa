"""Spend per month, entered by the heads and the admin, for cost per lead, CAC and ROI."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace import clock
from workspace.auth.models import User
from workspace.columns import UTCDateTime
from workspace.extensions import db


class Spend(db.Model):
    __tablename__ = "spend"
    __table_args__ = (Index("ix_spend_month", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    team: Mapped[str] = mapped_column(String(16))  # marketing spend or sales cost
    # What it paid for: a campaign's or a source's exact name ties it to their leads
    # (metrics.slices); anything else (blank, "Sales team") was spent for the whole company.
    channel: Mapped[str] = mapped_column(String(200), default="")
    amount: Mapped[int]  # cents
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    entered_by: Mapped[User | None] = relationship(lazy="joined")
