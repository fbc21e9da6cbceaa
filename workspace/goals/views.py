"""Joint goals' pages: the period's goals and plan, one goal, its edits, check-ins, status and
commitments."""

from datetime import datetime

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from workspace import clock, htmx
from workspace.access import require_login
from workspace.auth.models import TEAMS
from workspace.drafts import draft_saved
from workspace.extensions import db
from workspace.forms import form_status, refuse
from workspace.goals import carry, queries, services
from workspace.goals.board_page import board_region
from workspace.goals.chart import goal_chart
from workspace.goals.forms import (
    CheckInForm,
    CommitmentForm,
    DeclineForm,
    GoalForm,
    StatusForm,
)
from workspace.goals.models import STATUS_LABELS, STATUSES, Commitment, Goal
from workspace.goals.periods import parse_period
from workspace.i18n import fast_gettext
from workspace.kept import NEVER
from workspace.kept_pages import kept_page
from workspace.leads.queries import filter_choices
from workspace.panels import Panel
from workspace.revisions import StaleSave, history_page, start_editing, submitted_base, with_choices
from workspace.urls import bounded_int, page_number

bp = Blueprint("goals", __name__, url_prefix="/goals")
require_login(bp)


def _goal(goal_id: int) -> Goal:
    return db.get_or_404(Goal, goal_id)


@bp.get("/")
def index():
    period = queries.period_or_current(request.args.get("period"))
    filters = {"team": request.args.get("team") if request.args.get("team") in TEAMS else None,
               "status": request.args.get("status") if request.args.get("status") in STATUSES
               else None, "owner_id": request.args.get("owner", type=bounded_int)}
    if htmx.wants_fragment():
        return htmx.render("goals/index.html", "goals/_kept_board.html", period=period,
                           filters=filters, board=board_region(period, filters, page_number()))
    # the board kept inside the page ends the page's span no later than its own (kept.kept)
    return kept_page("goals/index.html", lambda now: ({
        "period": period, "filters": filters, "plan": queries.plan_state(period.label),
        "board": board_region(period, filters, page_number()), "people": queries.people()},
        NEVER))


@bp.post("/plan/<period_label>/approve")
def approve_plan(period_label: str):
    try:
        period = parse_period(period_label)
    except ValueError:
        abort(404)
    panel = _plan_panel(period)
    return panel.act(lambda: services.approve_plan(period.label, current_user), "plan-approved",
                     _("You approved the plan of %(period)s.", period=period.label))


def _plan_panel(period) -> Panel:
    return Panel("goals/index.html", "goals/_plan.html",
                 url_for("goals.index", period=period.label),
                 lambda: {"period": period, "filters": {}, "people": queries.people(),
                          "board": queries.board(period),
                          "plan": queries.plan_state(period.label)}, services.GoalRefused)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """A goal of the period; `?from=<id>` pre-fills it as that goal carried into the next."""
    predecessor = _predecessor(request.args.get("from", type=bounded_int))
    period, team, form = _new_goal_form(predecessor)
    if form.validate_on_submit():
        try:
            goal = services.create_goal(current_user, period.label, {
                **form.fields_for_goal(), "owner_team": team,
                "metric_filters": form.metric_filters(),
                "contributor_ids": form.contributor_ids.data or [],
                "predecessor_id": predecessor.id if predecessor else None})
        except services.GoalRefused as refused:
            refuse(form, refused.field or "title", str(refused))
        else:
            flash(_("Goal set for %(period)s.", period=period.label), "success")
            return redirect(url_for("goals.show", goal_id=goal.id), 303)
    return _form_page("goals/new.html", form, period, team=team, predecessor=predecessor)


@bp.post("/<int:goal_id>/carry-forward")
def carry_forward(goal_id: int):
    """The goal carried into the next period as it stands; when that breaks a rule (its target
    reached already), the pre-filled form says so beside the field, to adjust and save."""
    goal = _predecessor(goal_id)
    successor = queries.successor_of(goal)
    if successor is not None:
        flash(_("This goal was carried forward already; here is its successor."), "info")
        return redirect(url_for("goals.show", goal_id=successor.id), 303)
    try:
        carried = carry.carry_forward(goal, current_user)
    except services.GoalRefused as refused:
        period, team, form = _new_goal_form(goal, formdata=None)
        refuse(form, refused.field or "title", str(refused))
        return _form_page("goals/new.html", form, period, team=team, predecessor=goal)
    flash(_("Carried forward into %(period)s.", period=carried.period), "success")
    return redirect(url_for("goals.show", goal_id=carried.id), 303)


@bp.get("/achievable")
def achievable():
    """The goal form's achievability check, swapped in while a target is typed; a plain
    request (a bookmark, no JavaScript) gets the form itself."""
    period = queries.period_or_current(request.args.get("period"))
    if not htmx.wants_fragment():
        return redirect(url_for("goals.new", period=period.label), 303)
    form = GoalForm(request.args, meta={"csrf": False})  # read, not validated: no choices
    response = make_response(render_template("goals/_achievable.html",
                                             check=_achievability(form, period)))
    response.headers["Vary"] = htmx.VARY
    return response


@bp.get("/<int:goal_id>")
def show(goal_id: int):
    return kept_page("goals/show.html", lambda now: _shown(_goal(goal_id), now))


def _shown(goal: Goal, now) -> tuple[dict, datetime]:
    """The goal page's context, and when it may read differently with no write: a lead's
    deadline in its period (its live figure), a day (today's pace, overdue commitments), or
    two weeks unseen (it needs discussion)."""
    from workspace.metrics.queries import next_change

    until = next_change(queries.metrics_period(goal.period), now)
    discussion = queries.next_needing_discussion([goal], now)
    return _goal_context(goal), min(until, discussion or until)


@bp.route("/<int:goal_id>/edit", methods=["GET", "POST"])
def edit(goal_id: int):
    goal = _goal(goal_id)
    if not services.may_edit(current_user, goal):
        abort(403)
    form = _goal_form(GoalForm(obj=goal, **(goal.metric_filters or {})), goal.owner_team)
    if not form.is_submitted():
        start_editing(form, goal)
    elif form.validate():
        base = submitted_base(form)
        fields = {**with_choices(goal, form.fields_for_goal(), request.form, base),
                  "metric_filters": form.metric_filters()}
        try:
            services.edit_goal(goal, fields, base, current_user, form.summary.data)
        except StaleSave as stale:
            return htmx.render("goals/conflict.html", "revisions/_conflict.html", 409,
                               stale=stale, goal=goal, labels=field_labels(),
                               action=url_for("goals.edit", goal_id=goal.id))
        except services.GoalRefused as refused:
            refuse(form, refused.field or "title", str(refused))
        else:
            draft_saved(f"goal-{goal.id}")
            return htmx.go_to(url_for("goals.show", goal_id=goal.id))
    return _form_page("goals/edit.html", form, parse_period(goal.period), goal=goal)


@bp.get("/<int:goal_id>/history")
def history(goal_id: int):
    goal = _goal(goal_id)
    try:
        page = history_page(goal, request.args.get("a", type=bounded_int),
                            request.args.get("b", type=bounded_int))
    except LookupError:
        abort(404)
    return render_template("goals/history.html", goal=goal, labels=field_labels(), **page)


@bp.post("/<int:goal_id>/check-ins")
def check_in(goal_id: int):
    goal, form = _goal(goal_id), CheckInForm()
    panel = _goal_panel(goal)
    if not form.validate_on_submit():
        return panel.refuse(check_in_form=form)
    return panel.act(lambda: services.check_in(
        goal, current_user, int(form.confidence.data), form.value.data, form.progress.data,
        form.plans.data, form.problems.data), "goal-checked-in", _("Check-in saved."),
        check_in_form=form)


@bp.post("/<int:goal_id>/status")
def set_status(goal_id: int):
    goal, form = _goal(goal_id), StatusForm()
    return _goal_panel(goal).act(lambda: services.set_status(
        goal, current_user, form.status.data, form.reason.data), "goal-status-set",
        _("Status saved."), status_form=form)


@bp.post("/<int:goal_id>/commitments")
def ask(goal_id: int):
    goal = _goal(goal_id)
    form = _commitment_form(CommitmentForm(), goal)
    panel = _goal_panel(goal)
    if not form.validate_on_submit():
        return panel.refuse(commitment_form=form)
    owner = db.session.get(type(current_user._get_current_object()), form.owner_id.data)
    if owner is None:
        return panel.refuse(_("Choose a person of the other team."), commitment_form=form)
    return panel.act(lambda: services.ask_commitment(goal, current_user, owner, form.text.data,
                                                     form.due_on.data),
                     "commitment-asked", _("Asked. %(name)s will be notified.", name=owner.name),
                     commitment_form=form)


@bp.post("/commitments/<int:commitment_id>/<any(accept, decline, done):move>")
def answer(commitment_id: int, move: str):
    commitment = db.get_or_404(Commitment, commitment_id)
    form = DeclineForm() if move == "decline" else None
    reason = form.reason.data if form else ""
    done = {"accept": _("Accepted."), "decline": _("Declined; the asker is told why."),
            "done": _("Marked done.")}[move]
    return _goal_panel(commitment.goal).act(
        lambda: services.answer_commitment(commitment, current_user, move, reason),
        "commitment-answered", done)


def _goal_panel(goal: Goal) -> Panel:
    return Panel("goals/show.html", "goals/_work.html", url_for("goals.show", goal_id=goal.id),
                 lambda: _goal_context(goal), services.GoalRefused)


def _goal_context(goal: Goal) -> dict:
    period = parse_period(goal.period)
    running = queries.running_values(goal, period) if goal.tracks_metric else None
    row = queries.rows_for([goal], period, clock.now().date(), live={
        goal.id: running[-1][1]} if running else None)[0]
    status_form = StatusForm(formdata=None, status=row.status)
    status_form.status.choices = [SelectChoice(s, fast_gettext(STATUS_LABELS[s]))
                                  for s in STATUSES]
    check_ins = queries.check_ins(goal)
    return {"goal": goal, "row": row, "period": period, "chart": goal_chart(
                goal, period, check_ins, clock.now().date(), str(get_locale()), get_timezone(),
                running),
            "check_ins": check_ins, "commitments": queries.commitments_of(goal),
            "may_edit": services.may_edit(current_user, goal),
            "is_owner_head": current_user.is_head and current_user.team == goal.owner_team,
            "check_in_form": CheckInForm(formdata=None), "status_form": status_form,
            "commitment_form": _commitment_form(CommitmentForm(formdata=None), goal),
            "decline_form": DeclineForm(formdata=None),
            "predecessor": db.session.get(Goal, goal.predecessor_id) if goal.predecessor_id
            else None, "successor": queries.successor_of(goal),
            "narrowed_to": _narrowed_to(goal)}


def _narrowed_to(goal: Goal) -> list[str]:
    """A live goal's slice in words: its source, campaign and rep."""
    from workspace.auth.models import User

    filters = goal.metric_filters or {}
    rep = db.session.get(User, filters["rep_id"]) if filters.get("rep_id") else None
    return [part for part in (filters.get("source"), filters.get("campaign"),
                              rep.name if rep else None) if part]


def _goal_form(form: GoalForm, team: str) -> GoalForm:
    from workspace.metrics.catalog import METRICS

    form.owner_id.choices = [SelectChoice(p.id, p.name) for p in queries.team_people(team)]
    form.contributor_ids.choices = [SelectChoice(p.id, p.name) for p in queries.people()]
    form.metric.choices = [SelectChoice("", _("Typed values (check-ins)"))] + [
        SelectChoice(key, fast_gettext(metric.label)) for key, metric in METRICS.items()]
    slices = filter_choices()
    form.source.choices = [SelectChoice("", _("Any"))] + [
        SelectChoice(name, name) for name in slices["sources"]]
    form.campaign.choices = [SelectChoice("", _("Any"))] + [
        SelectChoice(name, name) for name in slices["campaigns"]]
    form.rep_id.choices = [SelectChoice("", _("Any"))] + [
        SelectChoice(rep.id, rep.name) for rep in slices["reps"]]
    return form


def _predecessor(goal_id: int | None) -> Goal | None:
    """The goal to carry forward: one of the user's own team (an admin's: any)."""
    if not goal_id:
        return None
    goal = _goal(goal_id)
    if not (current_user.is_admin or current_user.team == goal.owner_team):
        abort(403)
    return goal


def _new_goal_form(predecessor: Goal | None, **formdata) -> tuple:
    """A new goal's period, owner team and form; pre-filled as the predecessor carried into
    the period after its own when there is one."""
    if predecessor is not None:
        period, prefill = carry.successor_fields(predecessor, current_user)
        team = predecessor.owner_team
    else:
        period = queries.period_or_current(request.values.get("period"))
        team = current_user.team or request.values.get("team", "marketing")
        prefill = {"owner_id": current_user.id, "direction": "increase"}
    form = GoalForm(**formdata, **prefill, **prefill.get("metric_filters", {}))
    return period, team, _goal_form(form, team)


def _form_page(template: str, form: GoalForm, period, **context):
    """A goal form, with its achievability check as the values it holds stand."""
    return render_template(template, form=form, period=period,
                           check=_achievability(form, period), **context), form_status(form)


def _achievability(form: GoalForm, period):
    return queries.achievability(form.metric.data or "", form.metric_filters(), period,
                                 form.baseline.data, form.target.data, clock.now().date())


def _commitment_form(form: CommitmentForm, goal: Goal) -> CommitmentForm:
    form.owner_id.choices = [SelectChoice(0, _("Choose a person…"))] + [
        SelectChoice(p.id, p.name) for p in queries.team_people(
            services.other_team(goal.owner_team))]
    return form


def field_labels() -> dict:
    from workspace.goals.forms import QUESTION_LABELS

    return {"title": _("Goal"), "owner_team": _("Owner team"), "owner_id": _("Owner"),
            "metric_filters": _("Narrowed to"),
            "metric": _("Measured by"), "unit": _("Unit"), "baseline": _("Baseline"),
            "target": _("Target"), "direction": _("Direction"),
            "measured_how": _("How it is measured"), "deadline": _("Deadline"),
            **{key: str(label) for key, label in QUESTION_LABELS.items()}}
