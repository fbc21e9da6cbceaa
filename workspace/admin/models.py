"""The workspace's own settings: one row."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from workspace.extensions import db


class WorkspaceSettings(db.Model):
    __tablename__ = "workspace_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="Alinea")
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # How long a joint goal's period is: "quarter", "half" or "year" (goals.periods.KINDS).
    goal_period: Mapped[str] = mapped_column(String(8), default="quarter",
                                             server_default="quarter")
