"""People, invitations and sign-in throttling."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from workspace import clock
from workspace.columns import UTCDateTime
from workspace.extensions import db

TEAMS = ("marketing", "sales")
ROLES = ("head", "member")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    team: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str | None] = mapped_column(String(16))
    is_admin: Mapped[bool] = mapped_column(default=False)
    # 'person' signs in; 'integration' acts through an API token only.
    kind: Mapped[str] = mapped_column(String(16), default="person")
    locale: Mapped[str] = mapped_column(String(8), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    invitations: Mapped[list["Invitation"]] = relationship(
        back_populates="user", foreign_keys="Invitation.user_id"
    )

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None

    @property
    def has_joined(self) -> bool:
        return self.joined_at is not None

    @property
    def is_rep(self) -> bool:
        """A sales rep: works the leads assigned to them."""
        return self.team == "sales" and self.role == "member"

    @property
    def is_head(self) -> bool:
        return self.role == "head"

    def get_id(self) -> str:
        # The version ends every older session and remember-me cookie when bumped.
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return self.password_hash is not None and check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        self.session_version += 1


class Invitation(db.Model):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="invitations", foreign_keys=[user_id])

    def is_usable(self, at: datetime) -> bool:
        return self.used_at is None and at < self.expires_at


class SignInThrottle(db.Model):
    """Failed password checks per account and address, in the database so every process and
    host sees them. Guessing from one address slows down; the owner, elsewhere, is not
    locked out."""

    __tablename__ = "sign_in_throttles"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # no check before then
