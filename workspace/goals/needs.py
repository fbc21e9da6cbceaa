"""What joint goals ask of a person on home: their open commitments, goals to discuss."""

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from workspace import clock
from workspace.extensions import db
from workspace.goals.models import Commitment, Goal
from workspace.goals.queries import due_for_discussion, open_commitments
from workspace.home.needs import Need

SHOWN = 8


def my_commitments(user) -> Need | None:
    """Asks of the person's team they own, overdue first (they are ordered by due date)."""
    total = db.session.scalar(select(func.count()).select_from(Commitment).where(
        Commitment.owner_id == user.id, Commitment.status.in_(("proposed", "accepted"))))
    if not total:
        return None
    today = clock.now().date()
    items = [((_("Overdue: %(text)s", text=c.text) if c.due_on < today else c.text),
              url_for("goals.show", goal_id=c.goal_id, _anchor="commitments"))
             for c in open_commitments(owner_id=user.id, limit=SHOWN)]
    return Need(_("Your commitments to the other team"), items, total, items[0][1])


def goals_to_discuss(user) -> Need | None:
    """The person's goals with no check-in for two weeks (FAST: frequently discussed)."""
    mine = (Goal.owner_id == user.id, due_for_discussion(clock.now()))
    total = db.session.scalar(select(func.count()).select_from(Goal).where(*mine))
    if not total:
        return None
    goals = db.session.scalars(select(Goal).where(*mine).order_by(Goal.id).limit(SHOWN))
    return Need(_("Your goals need discussion"), [
        (goal.title, url_for("goals.show", goal_id=goal.id)) for goal in goals], total,
        url_for("goals.index", owner=user.id))
