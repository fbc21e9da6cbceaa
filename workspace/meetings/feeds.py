"""Private calendar feeds: each person subscribes their calendar app to one secret address that
lists the meetings they attend or organise. Calendar apps carry no session, so the address is the
only credential: its secret is shown once, stored only as a hash, and can be rotated or stopped."""

from datetime import datetime, timedelta

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from workspace import clock
from workspace.admin.forms import ConfirmForm
from workspace.admin.services import workspace_settings
from workspace.auth.models import User
from workspace.database import write_unit
from workspace.extensions import db
from workspace.meetings import calendar, queries
from workspace.meetings.models import Attendee, CalendarFeed, Meeting
from workspace.meetings.views import bp
from workspace.secrets_store import new_token, token_hash

PREFIX = "cal_"
DAYS_BACK = 90  # a feed holds the meetings from this many days ago to every future one
FEED_SIZE = 1000
SHOWN_ONCE = "calendar_feed_secret"  # carries a new secret from the POST to the one page
# Neither a shared cache nor the browser's history keeps an answer holding a secret.
NO_STORE = {"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"}

# The feed itself: no require_login and no session, since the token is the credential; no CSRF
# either, as it only answers GET and changes nothing.
feed_bp = Blueprint("meeting_feeds", __name__, url_prefix="/meetings/feed")


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.get(CalendarFeed, user.id)


def issue_feed(user: User) -> str:
    """A new secret for the person's feed, replacing any earlier one, whose address stops at
    once. The secret is returned to show once; only its hash is kept."""
    secret = new_token(PREFIX)
    with write_unit():
        feed = feed_of(user) or CalendarFeed(user_id=user.id)
        feed.token_hash, feed.created_at = token_hash(secret), clock.now()
        db.session.add(feed)
    return secret


def stop_feed(user: User) -> None:
    with write_unit():
        db.session.execute(db.delete(CalendarFeed).where(CalendarFeed.user_id == user.id))


def owner_of(secret: str) -> User | None:
    """Whose feed an address is: nobody's once rotated or stopped, or its owner deactivated."""
    user = db.session.scalar(select(User).join(CalendarFeed, CalendarFeed.user_id == User.id)
                             .where(CalendarFeed.token_hash == token_hash(secret)))
    return user if user is not None and user.is_active and user.kind == "person" else None


def meetings_for(user: User, now: datetime) -> list[Meeting]:
    """The meetings a person attends or organises, from DAYS_BACK days ago on, and only those
    they may see: a heads' one-on-one reaches its attendees' feeds, no one else's."""
    attends = select(Attendee.meeting_id).where(Attendee.user_id == user.id)
    return list(db.session.scalars(
        select(Meeting).where(or_(Meeting.id.in_(attends), Meeting.organiser_id == user.id),
                              queries.visible_to(user),
                              Meeting.starts_at >= now - timedelta(days=DAYS_BACK))
        .options(selectinload(Meeting.attendees))
        .order_by(Meeting.starts_at, Meeting.id).limit(FEED_SIZE)))


@feed_bp.get("/<token>.ics")
def feed(token: str):
    person = owner_of(token)
    if person is None:  # plain text: an error page would start a session for a calendar app
        return Response("No such calendar feed.\n", 404, mimetype="text/plain",
                        headers=NO_STORE)
    with force_locale(person.locale):
        name = _("%(workspace)s meetings", workspace=workspace_settings().name)
    body = calendar.ics_of(meetings_for(person, clock.now()), request.host, name)
    return Response(body, content_type="text/calendar; charset=utf-8", headers=NO_STORE)


@bp.route("/calendar", methods=["GET", "POST"], endpoint="calendar")
def calendar_page():
    form = ConfirmForm()
    if form.validate_on_submit():
        if feed_of(current_user) is None:  # a second click must not rotate without asking
            session[SHOWN_ONCE] = issue_feed(current_user)
        return redirect(url_for("meetings.calendar"), 303)
    return _page(form)


@bp.route("/calendar/<any(rotate, stop):move>", methods=["GET", "POST"])
def change_feed(move: str):
    """Rotate or stop, each confirmed first: either one cuts off every subscribed app."""
    form = ConfirmForm()
    if feed_of(current_user) is None:
        return redirect(url_for("meetings.calendar"), 303)
    if not form.validate_on_submit():
        return _page(form, confirming=move)
    if move == "rotate":
        session[SHOWN_ONCE] = issue_feed(current_user)
        flash(_("Your feed has a new address; the old one no longer works."), "success")
    else:
        stop_feed(current_user)
        flash(_("Your calendar feed is stopped; its address no longer works."), "success")
    return redirect(url_for("meetings.calendar"), 303)


def _page(form: ConfirmForm, confirming: str | None = None) -> Response:
    secret = None if confirming else session.pop(SHOWN_ONCE, None)
    response = Response(render_template(
        "meetings/calendar.html", form=form, feed=feed_of(current_user), confirming=confirming,
        days_back=DAYS_BACK,
        feed_url=url_for("meeting_feeds.feed", token=secret, _external=True) if secret else None))
    response.headers.update(NO_STORE)
    return response
