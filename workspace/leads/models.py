"""Leads marketing hands over, the attempts sales makes, and the ratings sales gives."""

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace import clock
from workspace.auth.models import User
from workspace.columns import UTCDateTime
from workspace.extensions import db

STATUSES = ("new", "working", "accepted", "nurture", "disqualified", "won", "lost")
VERDICTS = ("accepted", "nurture", "disqualified")
CHANNELS = ("call", "email", "linkedin", "meeting")
OUTCOMES = ("no_answer", "left_message", "connected", "meeting_booked")
ATTRIBUTIONS = ("marketing", "sales", "both")
REASON_CODES = ("fits", "wrong_contact", "no_budget", "no_need", "bad_timing", "duplicate",
                "not_rule", "other")


class LeadDetails:
    """The columns a lead and a staged (imported, not yet published) lead share: what the
    CRM knows, and the verdict of the SLA version in force at hand-off."""

    company: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    employees: Mapped[int | None]
    marketing_budget_monthly: Mapped[int | None]  # cents
    industry: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    last_engaged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(100), default="")
    campaign: Mapped[str] = mapped_column(String(200), default="")
    # "YYYY-MM" of the hand-off in the workspace's time zone: the key of LeadMonth.
    handoff_month: Mapped[str | None] = mapped_column(String(7))
    # Qualification against the SLA version in force at hand-off; None: no SLA was in force.
    is_mql: Mapped[bool | None]
    sla_version: Mapped[int | None]
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    min_attempts: Mapped[int | None]
    first_contact_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feedback_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Lead(LeadDetails, db.Model):
    __tablename__ = "leads"
    __table_args__ = (
        Index("ix_leads_rep_status_due", "assigned_to_id", "status", "first_contact_due_at"),
        Index("ix_leads_handed_over_at", "handed_over_at"),
        Index("ix_leads_source_campaign", "source", "campaign"),
        Index("ix_leads_campaign", "campaign"),  # the campaign filter's choices
        Index("ix_leads_status_closed_at", "status", "closed_at"),  # deals won in a month
        # a month's deadlines not yet passed: the only part of the scorecard counted live
        Index("ix_leads_month_first_contact_due", "handoff_month", "first_contact_due_at"),
        Index("ix_leads_month_feedback_due", "handoff_month", "feedback_due_at"),
        # medians and percentiles of the time to first contact, per month, source, campaign
        Index("ix_leads_month_first_contact", "handoff_month", "source", "campaign",
              "first_contact_seconds"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    handed_over_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    handed_over_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    # Facts kept on the lead so lists and metrics need no aggregation per row.
    first_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_contact_seconds: Mapped[int | None]  # hand-off to first attempt (leads.stats)
    attempts_count: Mapped[int] = mapped_column(default=0)
    first_rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[int | None]
    disqualified_below_minimum: Mapped[bool] = mapped_column(default=False)
    deal_value: Mapped[int | None]  # cents
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attribution: Mapped[str | None] = mapped_column(String(16))
    lost_reason: Mapped[str] = mapped_column(Text, default="")
    row_version: Mapped[int] = mapped_column(default=1)

    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id],
                                                    lazy="joined")
    handed_over_by: Mapped[User | None] = relationship(foreign_keys=[handed_over_by_id])

    __mapper_args__ = {"version_id_col": row_version}


class ContactAttempt(db.Model):
    __tablename__ = "contact_attempts"
    __table_args__ = (Index("ix_contact_attempts_lead_at", "lead_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"))
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    rep: Mapped[User | None] = relationship(lazy="joined")


class Rating(db.Model):
    """Every rating is kept; the latest verdict sets the lead's status."""

    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_lead_at", "lead_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"))
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    rating: Mapped[int]
    verdict: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(60))
    comment: Mapped[str] = mapped_column(Text, default="")

    rep: Mapped[User | None] = relationship(lazy="joined")


class LeadImport(db.Model):
    """A CSV file being imported: staged in the database so any app process can continue it."""

    __tablename__ = "lead_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(db.LargeBinary)
    headers: Mapped[list] = mapped_column(JSON, default=list)
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    date_order: Mapped[str] = mapped_column(String(3), default="dmy")
    # uploaded -> staging -> staged (clean, or with errors) -> published | discarded
    status: Mapped[str] = mapped_column(String(16), default="uploaded")
    total_rows: Mapped[int] = mapped_column(default=0)
    staged_rows: Mapped[int] = mapped_column(default=0)
    # Where the next chunk starts in the decoded text, so no step re-reads earlier rows.
    next_offset: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list] = mapped_column(JSON, default=list)  # the first ones, for the report
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_count: Mapped[int] = mapped_column(default=0)
    updated_count: Mapped[int] = mapped_column(default=0)

    @property
    def progress(self) -> int:
        return int(100 * self.staged_rows / self.total_rows) if self.total_rows else 0


class StagedLead(LeadDetails, db.Model):
    """One parsed, validated and qualified row, waiting for the import to be published."""

    __tablename__ = "staged_leads"
    __table_args__ = (Index("ix_staged_leads_import_row", "import_id", "row_number"),
                      # publishing looks staged rows up by the lead they re-import
                      Index("ix_staged_leads_existing", "existing_lead_id", "import_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("lead_imports.id"))
    row_number: Mapped[int]
    existing_lead_id: Mapped[int | None]
    external_id: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    handed_over_at: Mapped[datetime] = mapped_column(UTCDateTime)
    handed_over_by_id: Mapped[int | None]
    assigned_to_id: Mapped[int | None]


class LeadMonth(db.Model):
    """Sums over the leads handed over in a month, per rep, source and campaign.

    Kept by workspace.leads.stats in the same transaction as every change to leads; the
    metrics read it instead of aggregating a year of leads. Counters are named in
    stats.COUNTERS. `assigned_to_id` is 0 for leads without a rep, so the key has no NULL."""

    __tablename__ = "lead_months"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    assigned_to_id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(100), primary_key=True)
    campaign: Mapped[str] = mapped_column(String(200), primary_key=True)
    leads: Mapped[int] = mapped_column(default=0)
    mqls: Mapped[int] = mapped_column(default=0)
    sqls: Mapped[int] = mapped_column(default=0)
    mql_sqls: Mapped[int] = mapped_column(default=0)
    won: Mapped[int] = mapped_column(default=0)
    revenue: Mapped[int] = mapped_column(BigInteger, default=0)  # cents, by hand-off month
    rated: Mapped[int] = mapped_column(default=0)
    rating_sum: Mapped[int] = mapped_column(default=0)
    rating_count: Mapped[int] = mapped_column(default=0)
    speed_met: Mapped[int] = mapped_column(default=0)
    speed_late: Mapped[int] = mapped_column(default=0)
    speed_open: Mapped[int] = mapped_column(default=0)
    persistence_met: Mapped[int] = mapped_column(default=0)
    persistence_missed: Mapped[int] = mapped_column(default=0)
    feedback_met: Mapped[int] = mapped_column(default=0)
    feedback_late: Mapped[int] = mapped_column(default=0)
    feedback_open: Mapped[int] = mapped_column(default=0)
