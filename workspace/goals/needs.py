"""What joint goals ask of a person on home: their open commitments, goals to discuss."""

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from workspace import clock
from workspace.goals.models import Commitment, Goal
from workspace.goals.queries import due_for_discussion
from workspace.home.needs import Need, first_and_total

SHOWN = 8


def my_commitments(user) -> Need | None:
    """Asks of the person's team they own, overdue first (they are ordered by due date)."""
    found, total = first_and_total(select(Commitment).where(
        Commitment.owner_id == user.id, Commitment.status.in_(("proposed", "accepted")))
        .order_by(Commitment.due_on, Commitment.id), SHOWN)
    if not total:
        return None
    today = clock.now().date()
    items = [((_("Overdue: %(text)s", text=c.text) if c.due_on < today else c.text),
              url_for("goals.show", goal_id=c.goal_id, _anchor="commitments"))
             for c in found]
    return Need(_("Your commitments to the other team"), items, total, items[0][1])


def goals_to_discuss(user) -> Need | None:
    """The person's goals with no check-in for two weeks (FAST: frequently discussed)."""
    goals, total = first_and_total(select(Goal).where(
        Goal.owner_id == user.id, due_for_discussion(clock.now())).order_by(Goal.id), SHOWN)
    if not total:
        return None
    return Need(_("Your goals need discussion"), [
        (goal.title, url_for("goals.show", goal_id=goal.id)) for goal in goals], total,
        url_for("goals.index", owner=user.id))



def next_goal_to_discuss(user, now):
    """When one of the person's open goals comes to need discussion, at its hour."""
    from workspace.goals.queries import next_open_goal_needing_discussion

    return next_open_goal_needing_discussion(now, owner_id=user.id)
