"""Verbs of the meeting log: schedule, shape the agenda, take notes, decide, assign actions,
close (carrying what is open to the series' next meeting) and review the notes."""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from workspace import clock
from workspace.activity.services import record
from workspace.auth.models import TEAMS, User
from workspace.database import lock_and_refresh, write_unit
from workspace.extensions import db
from workspace.glossary.usage import record_usage
from workspace.meetings import agenda
from workspace.meetings.models import (
    BUILT_SOURCES,
    KINDS,
    ActionItem,
    AgendaItem,
    Attendee,
    Decision,
    Meeting,
    NotesReview,
)
from workspace.meetings.starters import starters
from workspace.months import Month
from workspace.notifications.services import follow, notify
from workspace.revisions import create_document, save_revision
from workspace.text import fold

WEEK = timedelta(days=7)
LONGEST = 12 * 60  # minutes


class MeetingRefused(Exception):
    """A rule of the meeting log said no; the message says which, beside `field` if named."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def may_take_part(user: User, meeting: Meeting) -> bool:
    """Everyone who sees a meeting shapes it; a one-on-one is its attendees' (and the admin's)."""
    return meeting.visible_to(user)


def schedule_meeting(organiser: User, kind: str, title: str, starts_at: datetime, ends_at: datetime,
                     attendee_ids: list[int], timezone: str = "UTC",
                     weekly: bool = False, review: Month | None = None) -> Meeting:
    """A meeting (or the first of a weekly series) with its attendees; its agenda starts from
    its kind's template (for an SLA review turned from a month's review: that month's breaches)
    and is built at once from what is open, and again whenever it is read until it is
    closed."""
    title = (title or "").strip()
    if kind not in KINDS:
        raise MeetingRefused(_("Choose a kind of meeting."), "kind")
    if not title:
        raise MeetingRefused(_("Give the meeting a title."), "title")
    if ends_at <= starts_at:
        raise MeetingRefused(_("The meeting ends before it starts."), "ends")
    if ends_at - starts_at > timedelta(minutes=LONGEST):
        raise MeetingRefused(_("A meeting lasts at most 12 hours."), "ends")
    people = _attendees(organiser, attendee_ids, kind)
    with write_unit():
        meeting = Meeting(kind=kind, title=title, starts_at=starts_at, timezone=timezone,
                          minutes=int((ends_at - starts_at).total_seconds() // 60),
                          organiser_id=organiser.id,
                          series_id=uuid.uuid4().hex if weekly else None)
        meeting.attendees = [Attendee(user_id=person.id) for person in people]
        create_document(meeting, organiser, "scheduled")
        for person in people:
            follow(person, meeting)
        notify(people, "invited", organiser, meeting)
        _record(organiser, "scheduled", meeting)
        _start_agenda(meeting, organiser, people,
                      (review or _month_before(starts_at)) if kind == "sla_review" else None)
        _text_changed(meeting)
        agenda.build(meeting)
    return meeting


def _month_before(starts_at: datetime) -> Month:
    """The month an SLA review discusses unless told: the one before it, in the workspace's
    zone (a review early in December looks at November)."""
    from workspace.templating import current_workspace

    zone = current_workspace().timezone
    local = starts_at.astimezone(ZoneInfo(zone))
    return Month.of(local.year, local.month, zone).shifted(-1)


def _text_changed(meeting: Meeting) -> None:
    """After its title, notes or decisions change: the log's search text and the glossary's
    "where used" follow."""
    from workspace.meetings.queries import searchable_text

    meeting.search_text = fold(searchable_text(meeting))
    record_usage(meeting)


def _start_agenda(meeting: Meeting, organiser: User, people: list[User],
                  review: Month | None = None) -> None:
    """The kind's starting items, written in the organiser's language (whoever's request, or
    the command line, schedules the meeting)."""
    locale = organiser.locale or "en"
    with force_locale(locale):
        found = starters(meeting.kind, people, review, locale)
    for position, starter in enumerate(found, start=1):
        db.session.add(AgendaItem(meeting_id=meeting.id, text=starter.text[:500],
                                  source=starter.source, presenter_id=starter.presenter_id,
                                  minutes=starter.minutes, position=position))
    db.session.flush()


def _attendees(organiser: User, ids: list[int], kind: str) -> list[User]:
    found = {user.id: user for user in db.session.scalars(select(User).where(
        User.id.in_(set(ids) | {organiser.id})))}
    if set(ids) - set(found):
        raise MeetingRefused(_("Choose attendees from the list."), "attendee_ids")
    for person in found.values():
        if not person.is_active:
            raise MeetingRefused(_("%(name)s is deactivated and cannot attend.",
                                   name=person.name), "attendee_ids")
    if kind == "one_on_one" and any(not (p.is_head or p.is_admin) for p in found.values()):
        raise MeetingRefused(_("A heads' one-on-one is between the heads."), "attendee_ids")
    if len(found) < 2:
        raise MeetingRefused(_("Invite at least one other person."), "attendee_ids")
    return sorted(found.values(), key=lambda person: person.id)


def refresh_agenda(meeting: Meeting) -> None:
    """When the agenda is read: build it again, writing only if anything changed."""
    add, remove = agenda.pending_changes(meeting)
    if add or remove:
        with write_unit():
            lock_and_refresh(meeting)
            agenda.build(meeting)


def add_agenda_item(meeting: Meeting, user: User, text: str, presenter_id: int | None = None,
                    minutes: int | None = None) -> AgendaItem:
    _may_shape(meeting, user)
    text = _checked_item(text, presenter_id, minutes)
    with write_unit():
        lock_and_refresh(meeting)
        last = max((item.position for item in agenda.items_of(meeting)), default=0)
        item = AgendaItem(meeting_id=meeting.id, text=text, presenter_id=presenter_id or None,
                          minutes=minutes, position=last + 1)
        db.session.add(item)
    return item


def edit_agenda_item(meeting: Meeting, user: User, item_id: int, text: str,
                     presenter_id: int | None = None, minutes: int | None = None) -> AgendaItem:
    """Reword an item, give it a presenter and a time box; the same rules as adding one."""
    _may_shape(meeting, user)
    text = _checked_item(text, presenter_id, minutes)
    with write_unit():
        lock_and_refresh(meeting)
        item = _item_of(meeting, item_id)
        item.text, item.presenter_id, item.minutes = text, presenter_id or None, minutes
    return item


def _checked_item(text: str, presenter_id: int | None, minutes: int | None) -> str:
    """An agenda item's text as stored, once its text, presenter and time box pass."""
    text = (text or "").strip()
    if not text:
        raise MeetingRefused(_("Say what to discuss."), "text")
    if minutes is not None and not 1 <= minutes <= LONGEST:
        raise MeetingRefused(_("A time box is between 1 and 720 minutes."), "minutes")
    if presenter_id and not _active(presenter_id):
        raise MeetingRefused(_("Choose an active person to present it."), "presenter_id")
    return text[:500]


def remove_agenda_item(meeting: Meeting, user: User, item_id: int) -> None:
    """Take a typed or template item off; what the agenda builds from open work leaves when
    that work is settled, or it would come back on the next read."""
    _may_shape(meeting, user)
    with write_unit():
        lock_and_refresh(meeting)
        item = _item_of(meeting, item_id)
        if item.source in BUILT_SOURCES:
            raise MeetingRefused(_("This item comes from open work: it leaves the agenda when "
                                   "that is settled."))
        db.session.delete(item)


def _item_of(meeting: Meeting, item_id: int) -> AgendaItem:
    if meeting.is_closed:
        raise MeetingRefused(_("The meeting is closed: its agenda is a record now."))
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise MeetingRefused(_("That item is not on this meeting's agenda."))
    return item


def move_agenda_item(meeting: Meeting, user: User, item_id: int, direction: str) -> None:
    """Swap an item with its neighbour (keyboard-friendly up and down buttons)."""
    _may_shape(meeting, user)
    if direction not in ("up", "down"):
        raise MeetingRefused(_("Move an item up or down."))
    with write_unit():
        lock_and_refresh(meeting)
        items = agenda.items_of(meeting)
        index = next((i for i, item in enumerate(items) if item.id == item_id), None)
        if index is None:
            raise MeetingRefused(_("That item is not on this meeting's agenda."))
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
            for position, item in enumerate(items, start=1):
                item.position = position


def save_notes(meeting: Meeting, notes: str, base_revision: int, user: User,
               reason: str = "") -> Meeting:
    """Conflict-safe save (StaleSave); a closed meeting's notes change only with a reason,
    kept as the revision's summary."""
    if not may_take_part(user, meeting):
        raise MeetingRefused(_("This meeting is private to its attendees."))
    reason = (reason or "").strip()
    if meeting.is_closed and not reason:
        raise MeetingRefused(_("The meeting is closed: say why you correct its notes."),
                             "summary")
    with write_unit():
        before = meeting.current_revision
        summary = _("Correction after closing: %(reason)s", reason=reason) \
            if meeting.is_closed else reason
        save_revision(meeting, {"notes": notes or ""}, base_revision, user, summary)
        if meeting.current_revision != before:
            meeting.updated_at = clock.now()
            _text_changed(meeting)
            follow(user, meeting)
            _record(user, "edited", meeting)
    return meeting


def add_decision(meeting: Meeting, user: User, text: str, link: str = "") -> Decision:
    """A decision, optionally linked to a term, an SLA version or a goal that exists."""
    _may_shape(meeting, user)
    if meeting.is_closed:
        raise MeetingRefused(_("The meeting is closed: its decisions are read-only."))
    text = (text or "").strip()
    if not text:
        raise MeetingRefused(_("Say what was decided."), "text")
    links = _link(link)
    with write_unit():
        decision = Decision(meeting_id=meeting.id, text=text, author_id=user.id, **links)
        db.session.add(decision)
        db.session.flush()
        _text_changed(meeting)
        _record(user, "decided in", meeting)
    return decision


def _link(link: str) -> dict:
    from workspace.glossary.models import Term
    from workspace.goals.models import Goal
    from workspace.sla.models import AgreementVersion

    if not link:
        return {}
    kind, _sep, number = link.partition(":")
    models = {"term": (Term, "term_id"), "sla": (AgreementVersion, "agreement_version_id"),
              "goal": (Goal, "goal_id")}
    if kind not in models or not number.isdigit() or \
            db.session.get(models[kind][0], int(number)) is None:
        raise MeetingRefused(_("That document does not exist."), "link")
    return {models[kind][1]: int(number)}


def add_action(meeting: Meeting, user: User, text: str, owner_id: int,
               due_on: date | None = None) -> ActionItem:
    _may_shape(meeting, user)
    if meeting.is_closed:
        raise MeetingRefused(_("The meeting is closed: add the action to the next one."))
    text = (text or "").strip()
    if not text:
        raise MeetingRefused(_("Say what is to be done."), "text")
    owner = _active(owner_id)
    if owner is None:
        raise MeetingRefused(_("Choose an active person to own it."), "owner_id")
    if meeting.is_private and owner.id not in meeting.attendee_ids:
        raise MeetingRefused(_("In a one-on-one, an attendee owns each action."), "owner_id")
    if due_on is not None and due_on < clock.now().date():
        raise MeetingRefused(_("The due date has passed already."), "due_on")
    with write_unit():
        item = ActionItem(meeting_id=meeting.id, text=text[:500], owner_id=owner.id,
                          due_on=due_on, created_by_id=user.id)
        db.session.add(item)
        db.session.flush()
        if owner.id != user.id:
            notify([owner], "action", user, meeting, text)
    return item


def answer_action(item: ActionItem, user: User, move: str, reason: str = "") -> ActionItem:
    """The owner (or the meeting's organiser, or the admin) marks it done or declines it with a
    reason; a settled item leaves every agenda not yet closed."""
    if not (user.id in (item.owner_id, item.meeting.organiser_id) or user.is_admin):
        raise MeetingRefused(_("Only %(name)s or the organiser settles this action.",
                               name=item.owner.name))
    if not item.meeting.visible_to(user):
        raise MeetingRefused(_("This meeting is private to its attendees."))
    if move not in ("done", "decline"):
        raise MeetingRefused(_("Mark it done or decline it."))
    if not item.is_open:
        raise MeetingRefused(_("This action is settled already."))
    reason = (reason or "").strip()
    if move == "decline" and not reason:
        raise MeetingRefused(_("Say why you decline it."), "reason")
    with write_unit():
        lock_and_refresh(item)
        item.status = "done" if move == "done" else "declined"
        item.decline_reason = reason if move == "decline" else ""
        item.updated_at = clock.now()
    return item


def close_meeting(meeting: Meeting, user: User) -> Meeting | None:
    """Freeze notes and decisions, carry what is open to the series' next meeting (made if it
    does not exist yet) and tell each attendee the decisions and their own actions. Closing a
    closed meeting changes nothing. Returns the next meeting of the series, if any."""
    _may_shape(meeting, user)
    with write_unit():
        lock_and_refresh(meeting)
        if meeting.is_closed:
            return next_in_series(meeting)
        meeting.status, meeting.closed_at, meeting.closed_by_id = "closed", clock.now(), user.id
        following = None
        if meeting.series_id:
            following = next_in_series(meeting) or _follow_on(meeting)
            agenda.build(following)
        _tell_attendees(meeting, user)
        _record(user, "closed", meeting)
    return following


def next_in_series(meeting: Meeting) -> Meeting | None:
    if not meeting.series_id:
        return None
    return db.session.scalar(select(Meeting).where(
        Meeting.series_id == meeting.series_id, Meeting.starts_at > meeting.starts_at)
        .order_by(Meeting.starts_at).limit(1))


def _follow_on(meeting: Meeting) -> Meeting:
    following = Meeting(kind=meeting.kind, title=meeting.title,
                        starts_at=meeting.starts_at + WEEK, minutes=meeting.minutes,
                        timezone=meeting.timezone, organiser_id=meeting.organiser_id,
                        series_id=meeting.series_id)
    following.attendees = [Attendee(user_id=user_id) for user_id in sorted(meeting.attendee_ids)]
    create_document(following, meeting.organiser, "scheduled")
    _start_agenda(following, meeting.organiser, [attendee.user for attendee in meeting.attendees])
    _text_changed(following)
    return following


def _tell_attendees(meeting: Meeting, closer: User) -> None:
    decisions = list(db.session.scalars(select(Decision.text).where(
        Decision.meeting_id == meeting.id).order_by(Decision.id)))
    actions = list(db.session.scalars(select(ActionItem).where(
        ActionItem.meeting_id == meeting.id, ActionItem.status == "open")))
    for attendee in meeting.attendees:
        own = [item.text for item in actions if item.owner_id == attendee.user_id]
        with force_locale(attendee.user.locale or "en"):  # the excerpt is stored: in theirs
            excerpt = " · ".join([*(_("Decided: %(text)s", text=text) for text in decisions),
                                  *(_("Yours: %(text)s", text=text) for text in own)])
        notify([attendee.user], "closed", closer, meeting, excerpt)


def mark_reviewed(meeting: Meeting, user: User) -> NotesReview:
    """An attendee, or a member of a team that attended, marks the closed meeting's notes
    reviewed; marking again changes nothing."""
    if not meeting.is_closed:
        raise MeetingRefused(_("Notes are reviewed once the meeting is closed."))
    if not may_review(user, meeting):
        raise MeetingRefused(_("Attendees and their teams review these notes."))
    with write_unit():
        review = db.session.get(NotesReview, (meeting.id, user.id))
        if review is None:
            review = NotesReview(meeting_id=meeting.id, user_id=user.id)
            db.session.add(review)
    return review


def may_review(user: User, meeting: Meeting) -> bool:
    if user.id in meeting.attendee_ids:
        return True
    teams = {attendee.user.team for attendee in meeting.attendees} & set(TEAMS)
    return not meeting.is_private and user.team in teams


def _may_shape(meeting: Meeting, user: User) -> None:
    if not may_take_part(user, meeting):
        raise MeetingRefused(_("This meeting is private to its attendees."))


def _active(user_id: int | None) -> User | None:
    person = db.session.get(User, user_id) if user_id else None
    return person if person is not None and person.is_active and person.kind == "person" \
        else None


def _record(user: User, verb: str, meeting: Meeting) -> None:
    """The feed is everyone's: a one-on-one never enters it."""
    if not meeting.is_private:
        record(user, verb, meeting)
