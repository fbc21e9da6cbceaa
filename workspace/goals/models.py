"""Joint goals: revisioned goal documents per period, check-ins, cross-team commitments, and
each head's approval of the period's plan."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace import clock
from workspace.auth.models import User
from workspace.columns import UTCDateTime
from workspace.extensions import db
from workspace.i18n import N_
from workspace.revisions import Revisioned, RevisionMixin

STATUSES = ("on_track", "at_risk", "off_track", "achieved", "dropped")
STATUS_LABELS = {"on_track": N_("On track"), "at_risk": N_("At risk"),
                 "off_track": N_("Off track"), "achieved": N_("Achieved"),
                 "dropped": N_("Dropped")}
DIRECTIONS = ("increase", "decrease")
COMMITMENT_STATES = ("proposed", "accepted", "done", "declined")
COMMITMENT_LABELS = {"proposed": N_("Asked"), "accepted": N_("Accepted"), "done": N_("Done"),
                     "declined": N_("Declined")}
# The five questions each team answers for a goal (seed article on goal setting).
QUESTIONS = ("why", "initiatives", "obstacles", "resources", "other_team_help")


class Goal(Revisioned, db.Model):
    __tablename__ = "goals"
    __table_args__ = (Index("ix_goals_period_team", "period", "owner_team"),)
    revision_fields = ("title", "owner_team", "owner_id", "metric", "metric_filters", "unit",
                       "baseline", "target", "direction", "measured_how", "deadline", *QUESTIONS)
    long_text = frozenset({"measured_how", *QUESTIONS})

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7))  # "2026-Q4", "2026-H2", "2026"
    title: Mapped[str] = mapped_column(String(200))
    owner_team: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # A key of the metrics catalog for a goal that tracks a live figure; "" for typed values.
    metric: Mapped[str] = mapped_column(String(40), default="")
    metric_filters: Mapped[dict] = mapped_column(JSON, default=dict)
    unit: Mapped[str] = mapped_column(String(40), default="")
    baseline: Mapped[float] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    direction: Mapped[str] = mapped_column(String(10), default="increase")
    measured_how: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date] = mapped_column(Date)
    why: Mapped[str] = mapped_column(Text, default="")
    initiatives: Mapped[str] = mapped_column(Text, default="")
    obstacles: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    other_team_help: Mapped[str] = mapped_column(Text, default="")
    contributor_ids: Mapped[list] = mapped_column(JSON, default=list)
    # The owner's call over the suggestion, with its reason; achieved and dropped close a goal.
    status: Mapped[str | None] = mapped_column(String(16))
    status_reason: Mapped[str] = mapped_column(Text, default="")
    predecessor_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"))
    last_check_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    owner: Mapped[User] = relationship(foreign_keys=[owner_id], lazy="joined")
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    @property
    def is_closed(self) -> bool:
        return self.status in ("achieved", "dropped")

    @property
    def tracks_metric(self) -> bool:
        return bool(self.metric)


class GoalRevision(RevisionMixin, db.Model):
    __tablename__ = "goal_revisions"
    document_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)


Goal.revision_model = GoalRevision


class CheckIn(db.Model):
    __tablename__ = "goal_check_ins"
    __table_args__ = (Index("ix_goal_check_ins_goal_at", "goal_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    value: Mapped[float | None] = mapped_column(Float)  # typed goals; live ones record theirs
    confidence: Mapped[int]
    progress: Mapped[str] = mapped_column(Text, default="")
    plans: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")

    author: Mapped[User | None] = relationship(lazy="joined")


class Commitment(db.Model):
    """An ask of the other team, owned by one of its people: proposed → accepted → done, or
    declined with a reason that goes back to the asker."""

    __tablename__ = "goal_commitments"
    __table_args__ = (Index("ix_goal_commitments_owner_status", "owner_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="proposed")
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id], lazy="joined")
    asked_by: Mapped[User | None] = relationship(foreign_keys=[asked_by_id])
    goal: Mapped[Goal] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status in ("proposed", "accepted")


class PlanApproval(db.Model):
    """A head's approval of the period's plan: the goals and targets as they were then."""

    __tablename__ = "goal_plan_approvals"
    __table_args__ = (UniqueConstraint("period", "team"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    team: Mapped[str] = mapped_column(String(16))
    head_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # [{"id", "title", "target"}] of the goals approved: what changed since is compared to it.
    plan: Mapped[list] = mapped_column(JSON, default=list)

    head: Mapped[User] = relationship(lazy="joined")
