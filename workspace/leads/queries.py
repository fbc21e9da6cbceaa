"""Read models of the leads pages: the rep's inbox by urgency, the filtered list, one lead."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, func, select

from workspace.auth.models import User
from workspace.extensions import db
from workspace.leads.models import STATUSES, ContactAttempt, Lead, Rating

PAGE_SIZE = 25
OPEN = ("new", "working")


@dataclass
class LeadPage:
    leads: list[Lead]
    page: int
    has_more: bool
    filters: dict = field(default_factory=dict)


def inbox(rep: User, page: int = 1) -> LeadPage:
    """What the rep should do next: first contacts by deadline, then more attempts, then
    feedback owed, then accepted leads to close."""
    urgency = case(
        (and_(Lead.status == "new"), 0),
        (and_(Lead.status == "working",
              Lead.attempts_count < func.coalesce(Lead.min_attempts, 0)), 1),
        (and_(Lead.status.in_(OPEN), Lead.first_rated_at.is_(None)), 2),
        (Lead.status == "accepted", 3),
        else_=4)
    due = case((Lead.status == "new", Lead.first_contact_due_at), else_=Lead.feedback_due_at)
    query = (select(Lead).where(Lead.assigned_to_id == rep.id,
                                Lead.status.in_(("new", "working", "accepted")))
             .order_by(urgency, due.is_(None), due, Lead.id))
    return _page(query, page)


def deadlines_after(leads, now: datetime) -> list[datetime]:
    """The first-contact and feedback deadlines of `leads` still ahead of `now`: where a
    shown lead will read overdue with no write."""
    from workspace.metrics.queries import aware

    moments = (aware(due) for lead in leads
               for due in (lead.first_contact_due_at, lead.feedback_due_at) if due is not None)
    return [moment for moment in moments if moment > now]


def to_contact(rep: User, shown: int = 8) -> tuple[list[Lead], int]:
    """The rep's leads nobody has contacted yet, soonest deadline first, and how many in all."""
    from workspace.home.needs import first_and_total

    return first_and_total(select(Lead).where(
        Lead.assigned_to_id == rep.id, Lead.status == "new").order_by(
        Lead.first_contact_due_at.is_(None), Lead.first_contact_due_at, Lead.id), shown)


def all_leads(status: str | None = None, source: str | None = None,
              campaign: str | None = None, rep_id: int | None = None,
              month: tuple[datetime, datetime] | None = None, page: int = 1) -> LeadPage:
    conditions = []
    if status in STATUSES:
        conditions.append(Lead.status == status)
    if source:
        conditions.append(Lead.source == source)
    if campaign:
        conditions.append(Lead.campaign == campaign)
    if rep_id:
        conditions.append(Lead.assigned_to_id == rep_id)
    if month:
        conditions.append(and_(Lead.handed_over_at >= month[0], Lead.handed_over_at < month[1]))
    query = select(Lead).where(*conditions).order_by(Lead.handed_over_at.desc(), Lead.id.desc())
    return _page(query, page)


def _page(query, page: int) -> LeadPage:
    page = max(page, 1)
    rows = list(db.session.scalars(query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)))
    return LeadPage(rows[:PAGE_SIZE], page, len(rows) > PAGE_SIZE)


def timeline(lead: Lead) -> list[tuple[datetime, str, object]]:
    """Attempts and ratings, oldest first: two queries."""
    attempts = db.session.scalars(select(ContactAttempt).where(ContactAttempt.lead_id == lead.id))
    ratings = db.session.scalars(select(Rating).where(Rating.lead_id == lead.id))
    events = [(a.at, "attempt", a) for a in attempts] + [(r.at, "rating", r) for r in ratings]
    return sorted(events, key=lambda event: (event[0], event[1]))


def latest_rating(lead: Lead) -> Rating | None:
    """The rep's last word on the lead, where a revision of the rating starts from."""
    return db.session.scalars(select(Rating).where(Rating.lead_id == lead.id)
                              .order_by(Rating.at.desc(), Rating.id.desc()).limit(1)).first()


def filter_choices() -> dict:
    """Sources, campaigns and reps for the list filters: the sources and campaigns from the
    pairs the monthly sums hold (read once per request), the reps in one query."""
    from workspace.metrics.slices import lead_pairs

    pairs = lead_pairs()
    reps = db.session.scalars(select(User).where(User.team == "sales", User.kind == "person")
                              .order_by(User.name))
    return {"sources": sorted({source for source, _ in pairs if source}),
            "campaigns": sorted({campaign for _, campaign in pairs if campaign}),
            "reps": list(reps)}


