"""Glossary terms: revisioned, agreed only when both departments approve the same revision."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace import clock
from workspace.auth.models import User
from workspace.columns import UTCDateTime
from workspace.extensions import db
from workspace.i18n import N_
from workspace.revisions import Revisioned, RevisionMixin

STATUSES = ("proposed", "agreed", "reapproval", "deprecated")
STATUS_LABELS = {"proposed": N_("Proposed"), "agreed": N_("Agreed"),
                 "reapproval": N_("Needs re-approval"), "deprecated": N_("Deprecated")}


class Term(Revisioned, db.Model):
    __tablename__ = "terms"
    __table_args__ = (Index("ix_terms_status_name_key", "status", "name_key"),)
    revision_fields = ("name", "aliases", "definition", "examples", "owner_team", "related")
    long_text = frozenset({"definition", "examples"})

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # Folded name: uniqueness and sorting ignore case and accents.
    name_key: Mapped[str] = mapped_column(String(120), unique=True)
    aliases: Mapped[str] = mapped_column(Text, default="")  # one per line
    definition: Mapped[str] = mapped_column(Text, default="")
    examples: Mapped[str] = mapped_column(Text, default="")
    owner_team: Mapped[str] = mapped_column(String(16))
    related: Mapped[str] = mapped_column(Text, default="")  # names, one per line
    # Folded name, aliases and definition, for accent-insensitive search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    approved_revision: Mapped[int | None]
    replacement_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    replacement: Mapped["Term | None"] = relationship(remote_side=[id])
    updated_by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in (self.aliases or "").splitlines() if a.strip()]

    @property
    def related_list(self) -> list[str]:
        return [r.strip() for r in (self.related or "").splitlines() if r.strip()]


class TermRevision(RevisionMixin, db.Model):
    __tablename__ = "term_revisions"
    document_id: Mapped[int] = mapped_column(ForeignKey("terms.id"), index=True)


Term.revision_model = TermRevision


class TermDecision(db.Model):
    """A head's approval (or request for changes) of one revision, for their team."""

    __tablename__ = "term_decisions"
    __table_args__ = (UniqueConstraint("term_id", "revision_number", "team"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"), index=True)
    revision_number: Mapped[int]
    team: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved: Mapped[bool]
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    user: Mapped[User] = relationship(lazy="joined")


class TermMention(db.Model):
    """A document whose text mentions a term: the term page's "where used"."""

    __tablename__ = "term_mentions"
    __table_args__ = (UniqueConstraint("term_id", "target_type", "target_id"),
                      Index("ix_term_mentions_target", "target_type", "target_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"), index=True)
    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int]
