"""The leads pages: the rep's inbox, all leads, hand-off, and one lead's work panel."""

from datetime import UTC, datetime, time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from workspace import htmx
from workspace.access import require_login
from workspace.auth.models import User
from workspace.extensions import db
from workspace.forms import form_status
from workspace.kept_pages import kept_page
from workspace.leads import queries, services
from workspace.leads.forms import (
    AttemptForm,
    CloseForm,
    HandOverForm,
    RatingForm,
    reason_choices,
)
from workspace.leads.intake import TEXT_LIMITS, active_reps, clean
from workspace.leads.models import Lead
from workspace.money import to_cents
from workspace.panels import Panel
from workspace.permissions import Action, can, require
from workspace.urls import bounded_int, page_number

bp = Blueprint("leads", __name__, url_prefix="/leads")
require_login(bp)


def _lead(lead_id: int) -> Lead:
    return db.get_or_404(Lead, lead_id)


@bp.get("/")
def index():
    if htmx.wants_fragment():
        return htmx.render("leads/index.html", "leads/_rows.html", **_listing())
    return kept_page("leads/index.html", lambda now: _kept_listing(now))


def _listing() -> dict:
    """A rep's inbox, or every lead with the filters chosen."""
    page = page_number()
    view = request.args.get("view") or ("inbox" if current_user.is_rep else "all")
    if view == "inbox":
        return {"view": view, "results": queries.inbox(current_user, page), "filters": {}}
    filters = {"status": request.args.get("status") or None,
               "source": request.args.get("source") or None,
               "campaign": request.args.get("campaign") or None,
               "rep_id": request.args.get("rep_id", type=bounded_int),
               "month": request.args.get("month") or None}
    return {"view": view, "filters": filters, "choices": queries.filter_choices(),
            "results": queries.all_leads(**{**filters, "month": _month(filters["month"])},
                                         page=page)}


def _kept_listing(now: datetime) -> tuple[dict, datetime]:
    """The listing, kept until a shown lead's deadline passes (it reads overdue) or a day."""
    from workspace.kept import next_day_or_start

    day = next_day_or_start(now)
    listing = _listing()
    return listing, min([day, *queries.deadlines_after(listing["results"].leads, now)])


def _month(text: str | None):
    """A "YYYY-MM" filter as a UTC range of that month in the workspace's zone."""
    from workspace.months import month_range
    from workspace.templating import current_workspace

    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return month_range(year, month, current_workspace().timezone)
    except ValueError:
        return None


@bp.route("/new", methods=["GET", "POST"])
@require(Action.HAND_OVER_LEADS)
def new():
    form = HandOverForm()
    form.assigned_to.choices = [SelectChoice("", _("Next rep in turn"))] + [
        SelectChoice(str(p.id), p.name) for p in active_reps()]  # whom leads may go to
    if form.validate_on_submit():
        rep = db.session.get(User, int(form.assigned_to.data)) if form.assigned_to.data else None
        lead = services.hand_over(current_user, _lead_fields(form), assigned_to=rep)
        flash(_("Lead handed over to %(name)s.", name=lead.assigned_to.name
                if lead.assigned_to else _("nobody yet")), "success")
        return redirect(url_for("leads.show", lead_id=lead.id), 303)
    return render_template("leads/new.html", form=form), form_status(form)


@bp.get("/<int:lead_id>")
def show(lead_id: int):
    return _work(_lead(lead_id)).show()


@bp.post("/<int:lead_id>/attempts")
def log_attempt(lead_id: int):
    lead, form = _lead(lead_id), AttemptForm()
    if not form.validate_on_submit():
        return _work(lead).refuse(attempt_form=form)
    at = form.at.data.replace(tzinfo=_zone()).astimezone(UTC) if form.at.data else None
    return _work(lead).act(lambda: services.log_attempt(
        lead, current_user, form.channel.data, form.outcome.data, form.note.data, at),
        "attempt-logged", _("Attempt logged."), attempt_form=form)


@bp.post("/<int:lead_id>/rating")
def rate(lead_id: int):
    lead = _lead(lead_id)
    form = RatingForm(attempts_logged=lead.attempts_count)
    form.reason.choices = reason_choices(lead.reasons)
    if not form.validate_on_submit():
        return _work(lead).refuse(rating_form=form)
    return _work(lead).act(lambda: services.rate(
        lead, current_user, int(form.rating.data), form.verdict.data, form.reason.data,
        form.comment.data, form.confirm_below_minimum.data), "lead-rated", _("Rating saved."),
        rating_form=form)


@bp.post("/<int:lead_id>/close")
def close(lead_id: int):
    lead, form = _lead(lead_id), CloseForm()
    if not form.validate_on_submit():
        return _work(lead).refuse(close_form=form)
    value = to_cents(form.deal_value.data) if form.deal_value.data is not None else None
    return _work(lead).act(lambda: services.close(
        lead, current_user, form.outcome.data == "won", value, form.attribution.data,
        form.lost_reason.data), "lead-closed", _("Deal closed."), close_form=form)


@bp.post("/<int:lead_id>/credit")
@require(Action.CHANGE_ATTRIBUTION)
def change_credit(lead_id: int):
    lead = _lead(lead_id)
    return _work(lead).act(lambda: services.change_attribution(
        lead, current_user, request.form.get("attribution", ""),
        request.form.get("reason", "")), "credit-changed", _("Credit changed."))


@bp.post("/<int:lead_id>/assign")
@require(Action.REASSIGN_LEADS)
def assign(lead_id: int):
    lead = _lead(lead_id)
    rep = db.session.get(User, request.form.get("rep_id", 0, type=bounded_int))
    if rep is None:
        abort(400)
    return _work(lead).act(lambda: services.reassign(lead, current_user, rep), "lead-reassigned",
                           _("Lead reassigned."))


def _work(lead: Lead) -> Panel:
    """The lead's work panel: its timeline and every action a rep or a head can take on it."""
    return Panel("leads/show.html", "leads/_work.html", url_for("leads.show", lead_id=lead.id),
                 lambda: {"lead": lead, "timeline": queries.timeline(lead), **_work_forms(lead)},
                 services.LeadRefused)


def _work_forms(lead: Lead) -> dict:
    last = queries.latest_rating(lead) if lead.first_rated_at else None
    saved = {"rating": str(last.rating), "verdict": last.verdict,
             "reason": last.reason} if last else None
    rating_form = RatingForm(formdata=None, data=saved,
                             attempts_logged=lead.attempts_count)
    rating_form.reason.choices = reason_choices(lead.reasons)
    return {"attempt_form": AttemptForm(formdata=None), "rating_form": rating_form,
            "close_form": CloseForm(formdata=None), "can_work": can(current_user,
                                                                     Action.WORK_LEAD, lead),
            "can_reassign": can(current_user, Action.REASSIGN_LEADS),
            "can_change_credit": can(current_user, Action.CHANGE_ATTRIBUTION),
            "sales_people": active_reps() if can(current_user,
                                                 Action.REASSIGN_LEADS) else []}


def _lead_fields(form: HandOverForm) -> dict:
    budget, engaged = form.marketing_budget_monthly.data, form.last_engaged_on.data
    return clean({name: form[name].data for name in TEXT_LIMITS} | {
        "employees": form.employees.data,
        "marketing_budget_monthly": to_cents(budget) if budget is not None else None,
        "last_engaged_at": datetime.combine(engaged, time(), tzinfo=_zone()) if engaged
        else None})


def _zone():
    """The person's zone as a zoneinfo, which attaches to naive times correctly (pytz does
    not: replace(tzinfo=pytz_zone) uses the zone's local mean time)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(current_user.timezone)


@bp.app_template_global()
def reason_words(reason: dict) -> str:
    from workspace.sla.rules import reason_words as words
    from workspace.templating import current_workspace

    return words(reason, current_workspace().currency)


@bp.app_template_global()
def rating_reason(code: str, lead: Lead) -> str:
    from workspace.leads.forms import reason_choices

    found = next((str(choice.label) for choice in reason_choices(lead.reasons)
                  if choice.value == code), None)
    if found is not None:
        return found
    # A rule the lead's version no longer lists, or a code of another time: in words anyway.
    return _("Does not actually meet an MQL rule") if code.startswith("rule:") else code


@bp.get("/feedback")
def feedback():
    from workspace.metrics.page import feedback_body

    return render_template("leads/feedback.html", body=feedback_body(request.args.get("month")))
