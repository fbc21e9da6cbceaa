"""The meeting log: meetings with revisioned notes, attendees, an agenda, decisions, action
items, and each attendee's mark that they reviewed the notes."""

from datetime import date, datetime, timedelta

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace import clock
from workspace.auth.models import User
from workspace.columns import UTCDateTime
from workspace.extensions import db
from workspace.i18n import N_
from workspace.revisions import Revisioned, RevisionMixin

KINDS = ("weekly_sync", "planning", "sla_review", "one_on_one")
KIND_LABELS = {"weekly_sync": N_("Weekly sync"), "planning": N_("Planning"),
               "sla_review": N_("SLA review"), "one_on_one": N_("Heads' one-on-one")}
PRIVATE_KIND = "one_on_one"  # visible only to its attendees and the admin
JOINT_KINDS = ("weekly_sync", "planning", "sla_review")  # both teams meet
MEETING_STATES = ("scheduled", "closed")
MEETING_STATE_LABELS = {"scheduled": N_("Scheduled"), "closed": N_("Closed")}
ACTION_STATES = ("open", "done", "declined")
ACTION_LABELS = {"open": N_("Open"), "done": N_("Done"), "declined": N_("Declined")}
# Where an agenda item came from: typed by someone, or built from what is open.
# Items from the kind's template or a month's review are written once, then people's to shape.
SOURCES = ("manual", "template", "review", "action", "commitment", "goal")
BUILT_SOURCES = ("action", "commitment", "goal")  # kept up to date until the meeting closes
SOURCE_LABELS = {"manual": N_("Added"), "template": N_("From the template"),
                 "review": N_("From the monthly review"), "action": N_("Carried action item"),
                 "commitment": N_("Commitment due"), "goal": N_("Goal to discuss")}


class Meeting(Revisioned, db.Model):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_starts_at", "starts_at"),
                      Index("ix_meetings_series_starts_at", "series_id", "starts_at"))
    revision_fields = ("notes",)
    long_text = frozenset({"notes"})

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(default=60)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")  # the organiser's, then
    organiser_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Meetings of one weekly series share it; a one-off meeting has none.
    series_id: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(10), default="scheduled")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Folded title, notes and decisions, for the log's accent-insensitive search.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="", deferred=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    organiser: Mapped[User] = relationship(foreign_keys=[organiser_id], lazy="joined")
    attendees: Mapped[list["Attendee"]] = relationship(
        back_populates="meeting", order_by="Attendee.user_id", cascade="all, delete-orphan")

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"

    @property
    def is_private(self) -> bool:
        return self.kind == PRIVATE_KIND

    @property
    def attendee_ids(self) -> set[int]:
        return {attendee.user_id for attendee in self.attendees}

    def visible_to(self, user) -> bool:
        """A heads' one-on-one is its attendees' and the admin's; every other meeting is
        everyone's (transparency is the point)."""
        return not self.is_private or bool(getattr(user, "is_admin", False)) or \
            getattr(user, "id", None) in self.attendee_ids


class MeetingRevision(RevisionMixin, db.Model):
    __tablename__ = "meeting_revisions"
    document_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)


Meeting.revision_model = MeetingRevision


class Attendee(db.Model):
    __tablename__ = "meeting_attendees"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    user: Mapped[User] = relationship(lazy="joined")


class AgendaItem(db.Model):
    """One line of a meeting's agenda. Items built from what is open name their source, once
    per meeting (the unique constraint), so building again duplicates nothing."""

    __tablename__ = "meeting_agenda_items"
    __table_args__ = (UniqueConstraint("meeting_id", "source", "source_id"),
                      Index("ix_meeting_agenda_items_meeting_position", "meeting_id", "position"))

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    text: Mapped[str] = mapped_column(String(500))
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    minutes: Mapped[int | None]  # the time box
    position: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(String(12), default="manual")
    source_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    presenter: Mapped[User | None] = relationship(lazy="joined")


class Decision(db.Model):
    """What a meeting decided; optionally the term, SLA version or goal it concerns."""

    __tablename__ = "meeting_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    # What it concerns, each indexed: the document's page lists the decisions about it.
    term_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"), index=True)
    agreement_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement_versions.id"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    author: Mapped[User | None] = relationship(lazy="joined")
    meeting: Mapped["Meeting"] = relationship(lazy="joined")
    term = relationship("Term", lazy="joined")
    agreement_version = relationship("AgreementVersion", lazy="joined")
    goal = relationship("Goal", lazy="joined")

    @property
    def concerns(self):
        """The term, SLA version or goal it is about, if any."""
        return self.term or self.agreement_version or self.goal


class ActionItem(db.Model):
    """open → done, or declined with a reason; it stays with the meeting it came from and is
    carried onto the series' next agendas while open."""

    __tablename__ = "meeting_action_items"
    __table_args__ = (Index("ix_meeting_action_items_owner_status", "owner_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id], lazy="joined")
    meeting: Mapped[Meeting] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class NotesReview(db.Model):
    """A person's mark that they reviewed a closed meeting's notes."""

    __tablename__ = "meeting_notes_reviews"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    user: Mapped[User] = relationship(lazy="joined")


class CalendarFeed(db.Model):
    """A person's private calendar feed. Its address carries a secret kept here only as a hash;
    rotating replaces the hash, so the old address stops at once."""

    __tablename__ = "meeting_calendar_feeds"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
