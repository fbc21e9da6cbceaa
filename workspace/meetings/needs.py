"""What the meeting log asks of a person on home: their open actions, notes to review, and
how long since both teams last met."""

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from workspace import clock
from workspace.home.needs import Need, first_and_total
from workspace.meetings import queries

SHOWN = 8
MEET_EVERY_DAYS = 7  # the seed articles: joint meetings at least weekly


def my_actions(user) -> Need | None:
    found, total = first_and_total(queries.open_actions_query(user), SHOWN)
    if not total:
        return None
    today = clock.now().date()
    items = [((_("Overdue: %(text)s", text=item.text) if item.due_on and item.due_on < today
               else item.text), url_for("meetings.show", meeting_id=item.meeting_id))
             for item in found]
    return Need(_("Your action items"), items, total,
                url_for("meetings.actions", person=user.id, state="open"))


def notes_to_review(user) -> Need | None:
    meetings, total = queries.notes_to_review(user, limit=SHOWN)
    if not meetings:
        return None
    return Need(_("Meeting notes to review"), [
        (_("%(meeting)s, %(day)s", meeting=meeting.title, day=format_date(meeting.starts_at)),
         url_for("meetings.show", meeting_id=meeting.id)) for meeting in meetings],
        total, url_for("meetings.index", person=user.id))


def last_joint_meeting(user) -> Need | None:
    now = clock.now()
    meeting = queries.last_joint_meeting(now)
    if meeting is None:
        return None
    days = (now - meeting.starts_at).days
    title = _("Last joint meeting %(n)s days ago: more than a week", n=days) \
        if days > MEET_EVERY_DAYS else _("Last joint meeting %(n)s days ago", n=days)
    return Need(title, [(meeting.title, url_for("meetings.show", meeting_id=meeting.id))], 1,
                url_for("meetings.index"))


def next_joint_meeting_change(user, now):
    """When the card reads otherwise: a day more since the last joint meeting began (at the
    hour it began), or the next one beginning."""
    from datetime import timedelta

    last, upcoming = queries.last_joint_meeting(now), queries.next_joint_meeting_start(now)
    moments = [upcoming] if upcoming else []
    if last is not None:
        moments.append(last.starts_at + timedelta(days=(now - last.starts_at).days + 1))
    return min(moments, default=None)
