"""Verbs of joint goals: create and edit a goal, check in, set its status, ask the other team
for help, and approve the period's plan."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from workspace import clock
from workspace.activity.services import record
from workspace.auth.models import TEAMS, User
from workspace.database import lock_and_refresh, write_unit
from workspace.extensions import db
from workspace.glossary.usage import record_usage
from workspace.goals.models import (
    COMMITMENT_LABELS,
    DIRECTIONS,
    STATUS_LABELS,
    STATUSES,
    CheckIn,
    Commitment,
    Goal,
    PlanApproval,
)
from workspace.goals.periods import Period, parse_period
from workspace.i18n import fast_gettext
from workspace.notifications.services import follow, notify, notify_followers
from workspace.revisions import create_document, save_revision


class GoalRefused(Exception):
    """A rule of goals said no; the message says which, for the person who asked."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def other_team(team: str) -> str:
    return "sales" if team == "marketing" else "marketing"


def goal_problems(fields: dict, period: Period) -> list[tuple[str, str]]:
    """(field, message) for each SMART rule the fields break; one place for forms and API."""
    from workspace.metrics.catalog import METRICS

    problems = []
    baseline, target = fields.get("baseline"), fields.get("target")
    if baseline is not None and target is not None:
        if target == baseline:
            problems.append(("target", _("The target equals the baseline: nothing to reach.")))
        elif fields.get("direction") == "decrease" and target > baseline:
            problems.append(("target", _("A decrease goal's target is below its baseline.")))
        elif fields.get("direction") == "increase" and target < baseline:
            problems.append(("target", _("An increase goal's target is above its baseline.")))
    deadline = fields.get("deadline")
    if deadline is not None and not period.start <= deadline < period.end:
        problems.append(("deadline", _("The deadline falls outside %(period)s.",
                                       period=period.label)))
    metric = fields.get("metric") or ""
    if metric and metric not in METRICS:
        problems.append(("metric", _("The workspace has no metric called “%(key)s”.",
                                     key=metric)))
    if not metric and not (fields.get("unit") or "").strip():
        problems.append(("unit", _("A goal with typed values needs a unit (MQLs, %, €…).")))
    if fields.get("direction") not in DIRECTIONS:
        problems.append(("direction", _("Choose increase or decrease.")))
    if metric in METRICS and fields.get("metric_filters"):
        problems += narrowing_problems(metric, fields["metric_filters"])
    return problems


def narrowing_problems(metric: str, filters: dict) -> list[tuple[str, str]]:
    """A live metric narrows to a source, a campaign or a rep the leads know; spend is entered
    per source and campaign, so a figure that reads it has no value for one rep."""
    from workspace.goals.queries import NARROWING
    from workspace.leads.queries import filter_choices
    from workspace.metrics.catalog import METRICS

    if set(filters) - set(NARROWING):
        return [("metric", _("A live metric narrows only to a source, a campaign or a rep."))]
    known, problems = filter_choices(), []
    if filters.get("source") and filters["source"] not in known["sources"]:
        problems.append(("source", _("No leads have come from the source “%(name)s”.",
                                     name=filters["source"])))
    if filters.get("campaign") and filters["campaign"] not in known["campaigns"]:
        problems.append(("campaign", _("No leads have come from the campaign “%(name)s”.",
                                       name=filters["campaign"])))
    if filters.get("rep_id"):
        if filters["rep_id"] not in {rep.id for rep in known["reps"]}:
            problems.append(("rep_id", _("Choose a rep of the sales team.")))
        elif METRICS[metric].reads_spend:
            problems.append(("rep_id", _("Spend is entered per source and campaign, not per "
                                         "rep: narrow %(metric)s to a source or a campaign.",
                                         metric=fast_gettext(METRICS[metric].label))))
    return problems


def unit_of(metric: str, typed: str) -> str:
    """A live goal takes its metric's unit: % for rates and ROI, the currency for money."""
    if not metric:
        return typed.strip()
    from workspace.admin.services import workspace_settings
    from workspace.metrics.catalog import COUNT, METRICS, MONEY

    kind = METRICS[metric].unit
    return workspace_settings().currency if kind == MONEY else typed.strip() if kind == COUNT \
        else "%"


def may_edit(user: User, goal: Goal) -> bool:
    """Members of the owner team and the goal's contributors edit it (the admin too)."""
    return user.is_admin or user.team == goal.owner_team or user.id in (goal.contributor_ids
                                                                        or [])


def create_goal(author: User, period_label: str, fields: dict) -> Goal:
    period = parse_period(period_label)
    if not author.is_admin and author.team != fields.get("owner_team"):
        raise GoalRefused(_("Set goals for your own team; ask the other team through a "
                            "commitment."), "owner_team")
    _refuse(goal_problems(fields, period))
    metric = fields.get("metric") or ""
    fields = {**fields, "unit": unit_of(metric, fields.get("unit") or ""),
              "metric_filters": dict(fields.get("metric_filters") or {}) if metric else {}}
    with write_unit():
        if fields.get("predecessor_id"):
            _may_succeed(fields["predecessor_id"], fields.get("owner_team"), period)
        goal = Goal(period=period.label, updated_by_id=author.id, **fields)
        create_document(goal, author, "created")
        record_usage(goal)  # the glossary's "where used"
        follow(author, goal)
        owner = db.session.get(User, goal.owner_id)
        if owner is not None:
            follow(owner, goal)
        record(author, "created", goal)
    return goal


def edit_goal(goal: Goal, fields: dict, base_revision: int, author: User,
              summary: str = "") -> Goal:
    """Conflict-safe save (StaleSave); a new target reopens an agreed plan by construction.
    The live metric's narrowing (metric_filters) is revisioned like the rest."""
    if not may_edit(author, goal):
        raise GoalRefused(_("Members of the owner team and the goal's contributors edit it."))
    fields = dict(fields)
    _refuse(goal_problems({**{name: getattr(goal, name) for name in goal.revision_fields},
                           **fields}, parse_period(goal.period)))
    if "metric" in fields:
        fields["unit"] = unit_of(fields["metric"] or "", fields.get("unit") or "")
    if not fields.get("metric", goal.metric):
        fields["metric_filters"] = {}  # a typed goal narrows nothing
    if "metric_filters" in fields:
        fields["metric_filters"] = dict(fields["metric_filters"] or {})
    with write_unit():
        before = goal.current_revision
        save_revision(goal, fields, base_revision, author, summary)
        if goal.current_revision != before:
            goal.updated_at, goal.updated_by_id = clock.now(), author.id
            record_usage(goal)
            follow(author, goal)
            record(author, "edited", goal)
            notify_followers("change", author, goal, summary)
    return goal


def check_in(goal: Goal, author: User, confidence: int, value: float | None = None,
             progress: str = "", plans: str = "", problems: str = "") -> CheckIn:
    if not may_edit(author, goal):
        raise GoalRefused(_("Members of the owner team and the goal's contributors check in."))
    if goal.is_closed:
        raise GoalRefused(_("This goal is closed (%(status)s): it takes no more check-ins.",
                            status=fast_gettext(STATUS_LABELS[goal.status])))
    if not 1 <= confidence <= 5:
        raise GoalRefused(_("Confidence goes from 1 to 5."), "confidence")
    if value is None and not goal.tracks_metric:
        raise GoalRefused(_("Say where the goal stands now: its value."), "value")
    with write_unit():
        lock_and_refresh(goal)
        entry = CheckIn(goal_id=goal.id, author_id=author.id, at=clock.now(), value=value,
                        confidence=confidence, progress=(progress or "").strip(),
                        plans=(plans or "").strip(),
                        problems=(problems or "").strip())
        db.session.add(entry)
        goal.last_check_in_at = entry.at
        record(author, "checked in on", goal)
    return entry


def set_status(goal: Goal, user: User, status: str, reason: str = "") -> Goal:
    """The owner's call over the suggestion, with a reason; achieved and dropped are the owner
    team's head's, and dropping needs a reason."""
    reason = (reason or "").strip()
    if status not in STATUSES:
        raise GoalRefused(_("Choose a status from the list."), "status")
    if status in ("achieved", "dropped"):
        if not (user.is_head and user.team == goal.owner_team):
            raise GoalRefused(_("Only the head of %(team)s marks this goal achieved or dropped.",
                                team=_(goal.owner_team)))
        if status == "dropped" and not reason:
            raise GoalRefused(_("Say why the goal is dropped."), "reason")
    elif not may_edit(user, goal):
        raise GoalRefused(_("Members of the owner team and the goal's contributors set its "
                            "status."))
    elif not reason:
        raise GoalRefused(_("Say why you set another status than the suggested one."), "reason")
    with write_unit():
        lock_and_refresh(goal)
        goal.status, goal.status_reason = status, reason
        record(user, status if goal.is_closed else "changed the status of", goal)
    return goal


def ask_commitment(goal: Goal, asker: User, owner: User, text: str, due_on: date) -> Commitment:
    """An ask of the other team: owned by one of its people, who accepts or declines it."""
    text = (text or "").strip()
    if not text:
        raise GoalRefused(_("Say what you ask of them."), "text")
    if owner.team != other_team(goal.owner_team) or not owner.is_active:
        raise GoalRefused(_("A commitment is owned by an active person of the other team."),
                          "owner_id")
    if due_on < clock.now().date():
        raise GoalRefused(_("The due date has passed already."), "due_on")
    if not may_edit(asker, goal):
        raise GoalRefused(_("Members of the owner team and the goal's contributors ask."))
    with write_unit():
        commitment = Commitment(goal_id=goal.id, text=text, owner_id=owner.id,
                                asked_by_id=asker.id, due_on=due_on)
        db.session.add(commitment)
        db.session.flush()
        notify([owner], "asked", asker, goal, text)
        follow(owner, goal)
        record(asker, "asked the other team on", goal)
    return commitment


def answer_commitment(commitment: Commitment, user: User, move: str, reason: str = "") -> None:
    """The owner accepts, declines (with a reason, sent back to the asker) or marks it done."""
    allowed = {"accept": ("proposed",), "decline": ("proposed", "accepted"),
               "done": ("accepted", "proposed")}
    if user.id != commitment.owner_id:
        raise GoalRefused(_("Only %(name)s answers this commitment.",
                            name=commitment.owner.name))
    if commitment.status not in allowed.get(move, ()):
        raise GoalRefused(_("This commitment is already %(status)s.", status=fast_gettext(
            COMMITMENT_LABELS[commitment.status]).lower()))
    reason = (reason or "").strip()
    if move == "decline" and not reason:
        raise GoalRefused(_("Say why you decline: it goes back to whoever asked."), "reason")
    with write_unit():
        lock_and_refresh(commitment)
        commitment.status = {"accept": "accepted", "decline": "declined", "done": "done"}[move]
        commitment.decline_reason = reason if move == "decline" else ""
        commitment.updated_at = clock.now()
        if move == "decline" and commitment.asked_by is not None:
            notify([commitment.asked_by], "declined", user, commitment.goal, reason)


def approve_plan(period_label: str, head: User) -> PlanApproval:
    """The head approves the period's goals and targets as they stand, for their team."""
    from workspace.goals.queries import plan_snapshot

    period = parse_period(period_label)
    if not head.is_head or head.team not in TEAMS:
        raise GoalRefused(_("Only the heads of marketing and sales approve the plan."))
    with write_unit():
        snapshot = plan_snapshot(period.label)
        if not snapshot:
            raise GoalRefused(_("There are no goals to approve in %(period)s yet.",
                                period=period.label))
        approval = db.session.scalar(select(PlanApproval).where(
            PlanApproval.period == period.label, PlanApproval.team == head.team))
        if approval is None:
            approval = PlanApproval(period=period.label, team=head.team)
            db.session.add(approval)
        approval.head_id, approval.approved_at, approval.plan = head.id, clock.now(), snapshot
    return approval


def _may_succeed(predecessor_id: int, team: str | None, period: Period) -> None:
    """A goal succeeds one goal of its own team, of the period just before, once."""
    from workspace.goals.queries import successor_of

    predecessor = db.session.get(Goal, predecessor_id)
    if predecessor is None or predecessor.owner_team != team:
        raise GoalRefused(_("A goal carries forward only a goal of its own team."))
    lock_and_refresh(predecessor)
    if parse_period(predecessor.period).shifted(1) != period:
        raise GoalRefused(_("A goal of %(period)s carries forward into %(next)s.",
                            period=predecessor.period,
                            next=parse_period(predecessor.period).shifted(1).label))
    successor = successor_of(predecessor)
    if successor is not None:
        raise GoalRefused(_("“%(title)s” was carried forward already, into %(period)s.",
                            title=predecessor.title, period=successor.period))


def _refuse(problems: list[tuple[str, str]]) -> None:
    if problems:
        field, message = problems[0]
        raise GoalRefused(message, field)
