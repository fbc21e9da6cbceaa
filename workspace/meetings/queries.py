"""Read models of the meeting log: the log with its counts, every action item, what home shows,
and what a meeting's page shows. Every query leaves out the one-on-ones a reader may not see."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from workspace import clock
from workspace.auth.models import TEAMS, User
from workspace.extensions import db
from workspace.meetings import agenda
from workspace.meetings.models import (
    ACTION_STATES,
    JOINT_KINDS,
    KINDS,
    PRIVATE_KIND,
    ActionItem,
    AgendaItem,
    Attendee,
    Decision,
    Meeting,
    NotesReview,
)
from workspace.text import fold

LOG_SIZE = 50  # a page of the log: two months of weekly syncs and more
ACTIONS_SIZE = 50


def visible_to(user):
    """The SQL condition for the meetings a person may see."""
    if getattr(user, "is_admin", False):
        return Meeting.id.is_not(None)
    attends = select(Attendee.meeting_id).where(Attendee.user_id == user.id)
    return or_(Meeting.kind != PRIVATE_KIND, Meeting.id.in_(attends))


@dataclass
class LogRow:
    meeting: Meeting
    decisions: int
    open_actions: int


def log(user, kind: str | None = None, person_id: int | None = None, text: str = "",
        page: int = 1, size: int = LOG_SIZE) -> "LogPage":
    """Newest first, with counts of decisions and open actions, a page at a time: three
    queries whatever the size (meetings with their counts, their attendees, the attendees'
    people). `text` is looked for in titles, notes and decisions, accents and case aside."""
    decisions = select(func.count()).where(Decision.meeting_id == Meeting.id) \
        .correlate(Meeting).scalar_subquery()
    actions = select(func.count()).where(ActionItem.meeting_id == Meeting.id,
                                         ActionItem.status == "open") \
        .correlate(Meeting).scalar_subquery()
    page = min(max(page, 1), 10_000)
    query = select(Meeting, decisions, actions).where(visible_to(user)) \
        .options(selectinload(Meeting.attendees)) \
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc()) \
        .offset((page - 1) * size).limit(size + 1)
    if kind in KINDS:
        query = query.where(Meeting.kind == kind)
    if person_id:
        query = query.where(Meeting.id.in_(select(Attendee.meeting_id).where(
            Attendee.user_id == person_id)))
    words = fold(text).replace("%", "").replace("_", "").split()
    for word in words[:8]:
        query = query.where(Meeting.search_text.like(f"%{word}%"))
    rows = [LogRow(meeting, count_d, count_a)
            for meeting, count_d, count_a in db.session.execute(query)]
    return LogPage(rows[:size], page, len(rows) > size)


@dataclass
class LogPage:
    rows: list[LogRow]
    page: int
    has_more: bool


def actions(user, person_id: int | None = None, team: str | None = None,
            state: str | None = None, page: int = 1, size: int = ACTIONS_SIZE
            ) -> tuple[list[ActionItem], bool]:
    """Every action item the reader may see, a page at a time: open ones first, the most
    overdue first, then the settled ones, latest first. Also: whether a next page exists."""
    query = select(ActionItem).join(Meeting, Meeting.id == ActionItem.meeting_id) \
        .where(visible_to(user)).options(selectinload(ActionItem.meeting))
    if person_id:
        query = query.where(ActionItem.owner_id == person_id)
    if team in TEAMS:
        query = query.join(User, User.id == ActionItem.owner_id).where(User.team == team)
    if state in ACTION_STATES:
        query = query.where(ActionItem.status == state)
    # Open ones by due date (undated last); settled ones most recently settled first.
    is_open = ActionItem.status == "open"
    query = query.order_by(case((is_open, 0), else_=1),
                           case((is_open, ActionItem.due_on.is_(None)), else_=None),
                           case((is_open, ActionItem.due_on), else_=None),
                           ActionItem.updated_at.desc(), ActionItem.id)
    page = min(max(page, 1), 10_000)
    found = list(db.session.scalars(query.offset((page - 1) * size).limit(size + 1)))
    return found[:size], len(found) > size


def open_actions_query(user):
    """A person's open action items, overdue first (by due date, undated last)."""
    return select(ActionItem).where(ActionItem.owner_id == user.id, ActionItem.status == "open") \
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)



def notes_to_review(user, limit: int | None = None) -> tuple[list[Meeting], int]:
    """Closed meetings the person attended whose notes they have not marked reviewed, newest
    first (at most `limit`), and how many there are in all."""
    from workspace.home.needs import first_and_total

    reviewed = select(NotesReview.meeting_id).where(NotesReview.user_id == user.id)
    return first_and_total(select(Meeting).join(Attendee, and_(
        Attendee.meeting_id == Meeting.id, Attendee.user_id == user.id)).where(
        Meeting.status == "closed", Meeting.id.not_in(reviewed))
        .order_by(Meeting.starts_at.desc()), limit or 1_000)


def last_joint_meeting(now: datetime) -> Meeting | None:
    """The latest meeting of both teams (not a one-on-one) that has started."""
    return db.session.scalar(select(Meeting).where(
        Meeting.kind.in_(JOINT_KINDS), Meeting.starts_at <= now)
        .order_by(Meeting.starts_at.desc()).limit(1))


def next_joint_meeting_start(now: datetime) -> datetime | None:
    return db.session.scalar(select(func.min(Meeting.starts_at)).where(
        Meeting.kind.in_(JOINT_KINDS), Meeting.starts_at > now))


def meetings_between(start: datetime | None, end: datetime | None) -> list[Meeting]:
    """For the API: meetings of both teams starting in [start, end); never a one-on-one."""
    query = select(Meeting).where(Meeting.kind != PRIVATE_KIND) \
        .options(selectinload(Meeting.attendees)).order_by(Meeting.starts_at, Meeting.id)
    if start:
        query = query.where(Meeting.starts_at >= start)
    if end:
        query = query.where(Meeting.starts_at < end)
    return list(db.session.scalars(query.limit(1000)))


def decisions_of(meeting: Meeting) -> list[Decision]:
    return list(db.session.scalars(select(Decision).where(Decision.meeting_id == meeting.id)
                                   .order_by(Decision.id)))


def actions_of(meeting: Meeting) -> list[ActionItem]:
    return list(db.session.scalars(select(ActionItem).where(ActionItem.meeting_id == meeting.id)
                                   .order_by(ActionItem.id)))


def reviews_of(meeting: Meeting) -> list[NotesReview]:
    return list(db.session.scalars(select(NotesReview).where(
        NotesReview.meeting_id == meeting.id).order_by(NotesReview.reviewed_at)))


def carried_from(items) -> dict[int, date]:
    """For built agenda items carrying an action: the day of the meeting it came from."""
    ids = [item.source_id for item in items if item.source == "action"]
    if not ids:
        return {}
    return {action_id: starts_at.date() for action_id, starts_at in db.session.execute(
        select(ActionItem.id, Meeting.starts_at).join(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(ActionItem.id.in_(ids)))}


def agenda_items(meeting: Meeting):
    return agenda.items_of(meeting)


def people() -> list[User]:
    """Everyone who can attend or own an action, by name: read once per request, however
    many of a meeting's forms offer them."""
    from flask import g, has_request_context

    if has_request_context() and "meeting_people" in g:
        return g.meeting_people
    found = list(db.session.scalars(select(User).where(
        User.kind == "person", User.deactivated_at.is_(None), User.joined_at.is_not(None))
        .order_by(User.name)))
    if has_request_context():
        g.meeting_people = found
    return found


def today() -> date:
    return clock.now().date()


def link_choices() -> list:
    """What a decision may concern: the glossary's terms, the SLA's versions, the goals."""
    from wtforms import SelectChoice

    from workspace.glossary.models import Term
    from workspace.goals.models import Goal
    from workspace.sla.models import AgreementVersion

    terms = db.session.execute(select(Term.id, Term.name).order_by(Term.name)).all()
    versions = db.session.execute(select(AgreementVersion.id, AgreementVersion.number)
                                  .order_by(AgreementVersion.number.desc())).all()
    goals = db.session.execute(select(Goal.id, Goal.title, Goal.period)
                               .order_by(Goal.period.desc(), Goal.id)).all()
    return [*(SelectChoice(f"term:{i}", name) for i, name in terms),
            *(SelectChoice(f"sla:{i}", f"SLA v{number}") for i, number in versions),
            *(SelectChoice(f"goal:{i}", f"{title} ({period})") for i, title, period in goals)]


def time_shares(items: list[AgendaItem]) -> dict[str, int]:
    """Minutes of the agenda per team of the presenter, "" for items nobody presents: a
    planning meeting gives both teams equal time."""
    shares = {"marketing": 0, "sales": 0, "": 0}
    for item in items:
        team = item.presenter.team if item.presenter and item.presenter.team in shares else ""
        shares[team] += item.minutes or 0
    return shares


def searchable_text(meeting: Meeting) -> str:
    """What the glossary looks for terms in: the title, the notes and the decisions, with the
    names of the terms decisions concern (so a term's "where used" lists the meeting)."""
    decisions = decisions_of(meeting)
    return "\n".join([meeting.title, meeting.notes or "",
                      *(decision.text for decision in decisions),
                      *(decision.term.name for decision in decisions if decision.term)])
