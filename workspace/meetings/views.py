"""The meeting log's pages: the log, scheduling, one meeting (agenda, notes, decisions, actions),
its .ics, and every action item."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from workspace import htmx
from workspace.access import require_login
from workspace.auth.models import TEAMS, User
from workspace.drafts import draft_saved
from workspace.extensions import db
from workspace.forms import form_status, refuse
from workspace.i18n import fast_gettext
from workspace.kept_pages import kept_page
from workspace.meetings import agenda, amendments, calendar, queries, services
from workspace.meetings.forms import (
    ActionForm,
    AgendaItemForm,
    DecisionForm,
    DeclineActionForm,
    MeetingForm,
    NotesForm,
)
from workspace.meetings.models import (
    ACTION_STATES,
    KIND_LABELS,
    KINDS,
    ActionItem,
    Decision,
    Meeting,
)
from workspace.months import Month, month_name
from workspace.panels import Panel
from workspace.permissions import Action, require
from workspace.revisions import StaleSave
from workspace.urls import bounded_int, page_number

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
require_login(bp)


def _meeting(meeting_id: int) -> Meeting:
    """A meeting the reader may see; a one-on-one is not found for anyone else."""
    meeting = db.get_or_404(Meeting, meeting_id)
    if not meeting.visible_to(current_user):
        abort(404)
    return meeting


@bp.get("/")
def index():
    filters = {"kind": request.args.get("kind") if request.args.get("kind") in KINDS else None,
               "person_id": request.args.get("person", type=bounded_int),
               "text": request.args.get("q", "").strip()[:200]}
    from workspace.meetings.log_region import log_region

    log = log_region(filters, page_number())
    people = {} if htmx.wants_fragment() else {"people": queries.people()}
    return htmx.render("meetings/index.html", "meetings/_kept_log.html", filters=filters,
                       log=log, **people)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Schedule a meeting; `?review=YYYY-MM` (the monthly review's "turn into agenda") starts
    an SLA review of that month with both heads, its agenda from the month's breaches."""
    review = _reviewed_month(request.values.get("review"))
    prefill = _review_prefill(review) if review else {
        "kind": request.args.get("kind", "weekly_sync")}
    form = _meeting_form(MeetingForm(**prefill))
    if form.validate_on_submit():
        zone = ZoneInfo(current_user.timezone or "UTC")
        starts = datetime.combine(form.day.data, form.starts.data, zone)
        ends = datetime.combine(form.day.data, form.ends.data, zone)
        try:
            meeting = services.schedule_meeting(
                current_user, form.kind.data, form.title.data, starts, ends,
                form.attendee_ids.data or [], current_user.timezone, form.weekly.data,
                review=review)
        except services.MeetingRefused as refused:
            refuse(form, refused.field or "title", str(refused))
        else:
            flash(_("Meeting scheduled; the attendees are notified."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id), 303)
    return render_template("meetings/new.html", form=form, review=review), form_status(form)


def _reviewed_month(text: str | None) -> Month | None:
    from workspace.months import parse_month
    from workspace.templating import current_workspace

    found = parse_month(text, None)
    return Month.of(*found, current_workspace().timezone) if found else None


def _review_prefill(month: Month) -> dict:
    heads = [p.id for p in queries.people() if p.is_head and p.id != current_user.id]
    return {"kind": "sla_review", "review": month.label, "attendee_ids": heads,
            "title": _("SLA review: %(month)s", month=month_name(month.label,
                                                                   str(get_locale())))}


@bp.get("/<int:meeting_id>")
def show(meeting_id: int):
    return kept_page("meetings/show.html", lambda now: _shown(_meeting(meeting_id), now))


def _shown(meeting: Meeting, now) -> tuple[dict, datetime]:
    services.refresh_agenda(meeting)  # a write raises the version: kept from the next view
    return _context(meeting), agenda.next_change(meeting, now)


@bp.get("/<int:meeting_id>/print")
def print_summary(meeting_id: int):
    """The meeting as a record to print or file: decisions, actions, attendees, notes."""
    meeting = _meeting(meeting_id)
    context = _context(meeting)
    return render_template("meetings/print.html", closed_by=db.session.get(
        User, meeting.closed_by_id) if meeting.closed_by_id else None, **context)


@bp.get("/<int:meeting_id>.ics")
def ics(meeting_id: int):
    meeting = _meeting(meeting_id)
    return Response(calendar.ics_of([meeting], request.host), mimetype="text/calendar",
                    headers={"Content-Disposition":
                             f'attachment; filename="meeting-{meeting.id}.ics"'})


@bp.route("/<int:meeting_id>/notes", methods=["GET", "POST"])
def notes(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = NotesForm(obj=meeting)
    if not form.is_submitted():
        form.base_revision.data = meeting.current_revision
    elif form.validate():
        base = int(form.base_revision.data) if str(form.base_revision.data).isdigit() else 0
        try:
            services.save_notes(meeting, form.notes.data, base, current_user, form.summary.data)
        except StaleSave as stale:
            return htmx.render("meetings/conflict.html", "revisions/_conflict.html", 409,
                               stale=stale, meeting=meeting, labels={"notes": _("Notes")},
                               action=url_for("meetings.notes", meeting_id=meeting.id))
        except services.MeetingRefused as refused:
            refuse(form, refused.field or "notes", str(refused))
        else:
            draft_saved(f"meeting-{meeting.id}")
            flash(_("Notes saved."), "success")
            return htmx.go_to(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/notes.html", meeting=meeting, form=form), form_status(form)


@bp.post("/<int:meeting_id>/agenda")
def add_item(meeting_id: int):
    meeting, form = _meeting(meeting_id), _item_form(AgendaItemForm())
    panel = _panel(meeting)
    if not form.validate_on_submit():
        return panel.refuse(item_form=form)
    return panel.act(lambda: services.add_agenda_item(
        meeting, current_user, form.text.data, form.presenter_id.data, form.minutes.data),
        "agenda-changed", _("Added to the agenda."), item_form=form)


@bp.post("/<int:meeting_id>/agenda/<int:item_id>")
def edit_item(meeting_id: int, item_id: int):
    meeting, form = _meeting(meeting_id), _item_form(AgendaItemForm())
    panel = _panel(meeting)
    if not form.validate_on_submit():
        return panel.refuse(_("Check the item: %(problem)s", problem=_first_error(form)))
    return panel.act(lambda: services.edit_agenda_item(
        meeting, current_user, item_id, form.text.data, form.presenter_id.data,
        form.minutes.data), "agenda-changed", _("Agenda item saved."))


@bp.post("/<int:meeting_id>/agenda/<int:item_id>/remove")
def remove_item(meeting_id: int, item_id: int):
    meeting = _meeting(meeting_id)
    return _panel(meeting).act(lambda: services.remove_agenda_item(
        meeting, current_user, item_id), "agenda-changed", _("Removed from the agenda."))


def _first_error(form) -> str:
    return next((f"{field.label.text}: {errors[0]}" for field in form
                 if (errors := field.errors)), "")


@bp.post("/<int:meeting_id>/agenda/<int:item_id>/<any(up, down):direction>")
def move_item(meeting_id: int, item_id: int, direction: str):
    meeting = _meeting(meeting_id)
    panel = _panel(meeting)
    try:
        services.move_agenda_item(meeting, current_user, item_id, direction)
    except services.MeetingRefused as refused:
        return panel.refuse(str(refused))
    # The focus stays on the moved item's control, so the keyboard can move it again.
    return panel.answer("agenda-changed", _("Moved up.") if direction == "up"
                        else _("Moved down."), moved=(item_id, direction))


@bp.post("/<int:meeting_id>/decisions")
def decide(meeting_id: int):
    meeting, form = _meeting(meeting_id), _decision_form(DecisionForm())
    panel = _panel(meeting)
    if not form.validate_on_submit():
        return panel.refuse(decision_form=form)
    return panel.act(lambda: services.add_decision(meeting, current_user, form.text.data,
                                                   form.link.data or ""),
                     "decision-added", _("Decision recorded."), decision_form=form)


@bp.post("/decisions/<int:decision_id>/amend-agreement")
@require(Action.DRAFT_SLA)
def amend_agreement(decision_id: int):
    """The SLA amendment a decision calls for: drafted (or the open draft joined), then its
    editor, which says which decision prompted it."""
    decision = db.get_or_404(Decision, decision_id)
    _meeting(decision.meeting_id)  # a one-on-one's decision is not found for anyone else
    if decision.agreement_version is None:
        abort(404)
    draft = amendments.amend_agreement(decision, current_user)
    flash(_("Draft version %(n)s amends the agreement as decided.", n=draft.number), "success")
    return redirect(url_for("sla.edit", number=draft.number, decision=decision.id), 303)


@bp.post("/<int:meeting_id>/actions")
def add_action(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = _action_form(ActionForm(), meeting)
    panel = _panel(meeting)
    if not form.validate_on_submit():
        return panel.refuse(action_form=form)
    return panel.act(lambda: services.add_action(meeting, current_user, form.text.data,
                                                 form.owner_id.data, form.due_on.data),
                     "action-added", _("Action assigned."), action_form=form)


@bp.post("/actions/<int:action_id>/<any(done, decline):move>")
def answer_action(action_id: int, move: str):
    item = db.get_or_404(ActionItem, action_id)
    meeting = _meeting(item.meeting_id)
    reason = DeclineActionForm().reason.data if move == "decline" else ""
    return _panel(meeting).act(lambda: services.answer_action(item, current_user, move, reason),
                               "action-answered", _("Marked done.") if move == "done"
                               else _("Declined."))


@bp.post("/<int:meeting_id>/close")
def close(meeting_id: int):
    meeting = _meeting(meeting_id)
    return _panel(meeting).act(lambda: services.close_meeting(meeting, current_user),
                               "meeting-closed", _("Meeting closed; the attendees are told."))


@bp.post("/<int:meeting_id>/review")
def review(meeting_id: int):
    meeting = _meeting(meeting_id)
    return _panel(meeting).act(lambda: services.mark_reviewed(meeting, current_user),
                               "notes-reviewed", _("You reviewed these notes."))


@bp.get("/actions")
def actions():
    filters = {"person_id": request.args.get("person", type=bounded_int),
               "team": request.args.get("team") if request.args.get("team") in TEAMS else None,
               "state": request.args.get("state") if request.args.get("state") in ACTION_STATES
               else None}
    page = page_number()
    items, has_more = queries.actions(current_user, **filters, page=page)
    return htmx.render("meetings/actions.html", "meetings/_actions.html", filters=filters,
                       items=items, page_number=max(page, 1), has_more=has_more,
                       people=queries.people(), today=queries.today())


def _panel(meeting: Meeting) -> Panel:
    return Panel("meetings/show.html", "meetings/_work.html",
                 url_for("meetings.show", meeting_id=meeting.id),
                 lambda: _context(meeting), services.MeetingRefused)


def _context(meeting: Meeting) -> dict:
    items, reviews = queries.agenda_items(meeting), queries.reviews_of(meeting)
    next_meeting = services.next_in_series(meeting)
    shaping = {} if meeting.is_closed else {  # a closed meeting's agenda is a record
        "item_form": _item_form(AgendaItemForm(formdata=None)),
        "decision_form": _decision_form(DecisionForm(formdata=None)),
        "action_form": _action_form(ActionForm(formdata=None), meeting)}
    return {"meeting": meeting, "items": items, "carried_from": queries.carried_from(items),
            "shares": queries.time_shares(items) if meeting.kind == "planning" else None,
            "decisions": [(decision, amendments.concern_of(decision),
                           amendments.amendment_url(decision))
                          for decision in queries.decisions_of(meeting)],
            "actions": queries.actions_of(meeting),
            "reviews": reviews, "today": queries.today(),
            "next_meeting": next_meeting if next_meeting and next_meeting.visible_to(
                current_user) else None,
            "may_review": services.may_review(current_user, meeting),
            "reviewed": any(r.user_id == current_user.id for r in reviews),
            "decline_form": DeclineActionForm(formdata=None), **shaping}


def _meeting_form(form: MeetingForm) -> MeetingForm:
    form.kind.choices = [SelectChoice(kind, fast_gettext(KIND_LABELS[kind])) for kind in KINDS]
    team = current_app.jinja_env.filters["team"]  # the app's one translated team label
    form.attendee_ids.choices = [SelectChoice(p.id, f"{p.name} ({team(p.team)})")
                                 for p in queries.people() if p.id != current_user.id]
    return form


def _item_form(form: AgendaItemForm) -> AgendaItemForm:
    form.presenter_id.choices = [SelectChoice("", _("No presenter"))] + [
        SelectChoice(p.id, p.name) for p in queries.people()]
    return form


def _action_form(form: ActionForm, meeting: Meeting | None = None) -> ActionForm:
    people = queries.people()
    if meeting is not None and meeting.is_private:
        people = [p for p in people if p.id in meeting.attendee_ids]
    form.owner_id.choices = [SelectChoice(0, _("Choose a person…"))] + [
        SelectChoice(p.id, p.name) for p in people]
    return form


def _decision_form(form: DecisionForm) -> DecisionForm:
    form.link.choices = [SelectChoice("", _("Nothing in particular"))] + queries.link_choices()
    return form
