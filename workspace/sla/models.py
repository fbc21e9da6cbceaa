"""SLA versions: drafts are revisioned; a proposal is frozen and hashed; both heads sign it."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace import clock
from workspace.auth.models import User
from workspace.columns import UTCDateTime
from workspace.extensions import db
from workspace.revisions import Revisioned, RevisionMixin

# Stored statuses; scheduled, active and superseded are derived from signatures and time.
STORED = ("draft", "proposed", "signed", "withdrawn")
CONTENT_FIELDS = ("text", "mql_target_per_month", "mql_rules", "first_contact_minutes",
                  "min_attempts", "feedback_hours", "review_on", "effective_on")


class AgreementVersion(Revisioned, db.Model):
    __tablename__ = "agreement_versions"
    revision_fields = CONTENT_FIELDS
    long_text = frozenset({"text"})

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    mql_target_per_month: Mapped[int] = mapped_column(default=0)
    mql_rules: Mapped[list] = mapped_column(JSON, default=list)
    first_contact_minutes: Mapped[int] = mapped_column(default=60)
    min_attempts: Mapped[int] = mapped_column(default=4)
    feedback_hours: Mapped[int] = mapped_column(default=48)
    review_on: Mapped[str | None] = mapped_column(String(10))  # ISO date
    effective_on: Mapped[str | None] = mapped_column(String(10))  # ISO date, optional
    amends_number: Mapped[int | None]
    content_hash: Mapped[str | None] = mapped_column(String(64))
    proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    effective_from: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    signatures: Mapped[list["Signature"]] = relationship(
        back_populates="version", order_by="Signature.signed_at", lazy="selectin")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def is_frozen(self) -> bool:
        return self.status != "draft"

    @property
    def review_date(self) -> date | None:
        return date.fromisoformat(self.review_on) if self.review_on else None

    def status_at(self, moment: datetime, active_number: int | None) -> str:
        """draft, proposed, withdrawn, scheduled, active or superseded at that moment."""
        if self.status != "signed":
            return self.status
        if self.effective_from is None or self.effective_from > moment:
            return "scheduled"
        return "active" if self.number == active_number else "superseded"

    def signature_of(self, team: str) -> "Signature | None":
        return next((s for s in self.signatures if s.team == team), None)


class AgreementRevision(RevisionMixin, db.Model):
    __tablename__ = "agreement_revisions"
    document_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id"), index=True)


AgreementVersion.revision_model = AgreementRevision


class Signature(db.Model):
    """A head binds their team to the content hash they saw."""

    __tablename__ = "signatures"
    __table_args__ = (UniqueConstraint("version_id", "team"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id"))
    team: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    ip: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")

    version: Mapped[AgreementVersion] = relationship(back_populates="signatures")
    user: Mapped[User] = relationship(lazy="joined")

    def matches(self, version: AgreementVersion) -> bool:
        return self.content_hash == version.content_hash


class AgreementEvent(db.Model):
    """One entry of the append-only agreement log (proposed, signed, withdrawn, took_effect).

    `body` is the canonical JSON of what happened; `entry_hash` is SHA-256 of the previous
    entry's hash and this body, so changing or removing an entry breaks every link after it.
    No foreign key: the log outlives, and so testifies against, a deleted version.
    """

    __tablename__ = "agreement_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(unique=True)
    event: Mapped[str] = mapped_column(String(16))
    version_number: Mapped[int] = mapped_column(index=True)
    body: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class TermReference(db.Model):
    """Which revision of each glossary term a proposal was made with."""

    __tablename__ = "agreement_term_references"
    __table_args__ = (UniqueConstraint("version_id", "term_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))
    term_revision: Mapped[int]


def _guard() -> None:
    from workspace.sla import noticed
    from workspace.sla.guard import install_on_create

    install_on_create(AgreementVersion.__table__)
    noticed.install_on_create(db.metadata)


_guard()
