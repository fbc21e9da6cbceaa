"""The SLA's pages: the agreement in force, each version, the draft editor, the sign-off."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workspace import clock, htmx
from workspace.access import require_login
from workspace.drafts import draft_saved
from workspace.forms import form_status, refuse
from workspace.kept import next_day_or_start
from workspace.kept_pages import kept_page
from workspace.panels import Panel
from workspace.permissions import Action, can, require
from workspace.revisions import StaleSave, history_page, start_editing, submitted_base, with_choices
from workspace.sla import queries, services
from workspace.sla.forms import AgreementForm, SignForm, WithdrawForm, consent_label
from workspace.sla.models import AgreementVersion
from workspace.urls import bounded_int

bp = Blueprint("sla", __name__, url_prefix="/sla")
require_login(bp)

FRESH_SIGN_IN_SECONDS = 15 * 60


def _version(number: int) -> AgreementVersion:
    version = services.version_by_number(number)
    if version is None:
        abort(404)
    return version


@bp.get("/")
def index():
    return kept_page("sla/index.html", lambda now: (queries.overview(), next_day_or_start(now)))


@bp.post("/drafts")
@require(Action.DRAFT_SLA)
def new_draft():
    amends = services.version_by_number(request.form.get("amends", 0, type=bounded_int))
    existing = services.open_draft(amends)
    if existing is not None:  # one draft at a time: no silent rival
        flash(_("Draft version %(n)s is already open for this; continue it here.",
                n=existing.number), "info")
        return redirect(url_for("sla.edit", number=existing.number), 303)
    try:
        version = services.draft_version(current_user, amends)
    except services.SlaRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for("sla.index"), 303)
    return redirect(url_for("sla.edit", number=version.number), 303)


@bp.get("/<int:number>")
def show(number: int):
    # whether signing asks for the password again is this session's, and changes with time
    return kept_page("sla/show.html", lambda now: (
        _signoff(_version(number)).context(), next_day_or_start(now)), _fresh_sign_in())


@bp.route("/<int:number>/edit", methods=["GET", "POST"])
@require(Action.DRAFT_SLA)
def edit(number: int):
    version = _version(number)
    if version.is_frozen:
        flash(_("This version can no longer change. Draft an amendment instead."), "error")
        return redirect(url_for("sla.show", number=number), 303)
    form = AgreementForm(obj=version)
    if not form.is_submitted():
        start_editing(form, version)
        form.fill_rules(version.mql_rules)
        form.review_on.data, form.effective_on.data = version.review_date, _date(
            version.effective_on)
    elif form.validate():
        base = submitted_base(form)
        try:
            services.edit_draft(version, with_choices(version, form.content(), request.form,
                                                      base), base, current_user,
                                form.summary.data)
        except StaleSave as stale:
            return _conflict(version, stale)
        draft_saved(f"agreement-{version.id}")
        return htmx.go_to(url_for("sla.show", number=number))
    return render_template("sla/edit.html", version=version, form=form), form_status(form)


def _conflict(version: AgreementVersion, stale: StaleSave):
    """The editor again, on the new revision, filled with the merge; what both changed shown."""
    merged = stale.merged.values
    form = AgreementForm(formdata=None, data={
        key: value for key, value in merged.items() if key not in ("mql_rules", "review_on",
                                                                     "effective_on")})
    form.fill_rules(merged["mql_rules"])
    form.review_on.data, form.effective_on.data = _date(merged["review_on"]), _date(
        merged["effective_on"])
    form.base_revision.data = stale.current.number
    theirs = {name: queries.field_words(name, stale.current.snapshot[name])
              for name in stale.merged.conflicts}
    return render_template("sla/edit.html", version=version, form=form, stale=stale,
                           theirs=theirs, labels=queries.field_labels()), 409


@bp.get("/<int:number>/history")
def history(number: int):
    version = _version(number)
    try:
        page = history_page(version, request.args.get("a", type=bounded_int),
                            request.args.get("b", type=bounded_int))
    except LookupError:
        abort(404)
    return render_template("sla/history.html", version=version,
                           labels=queries.field_labels(), **page)


@bp.get("/<int:number>/compare")
def compare(number: int):
    version = _version(number)
    other = _version(request.args.get("with", type=bounded_int) or number)
    return render_template("sla/compare.html", version=version, other=other,
                           clauses=queries.compare_versions(other, version),
                           versions=services.all_versions())


@bp.post("/<int:number>/propose")
@require(Action.DRAFT_SLA)
def propose(number: int):
    version = _version(number)
    return _signoff(version).act(lambda: services.propose(version, current_user),
                                 "sla-proposed", _("Proposed. Both heads can now sign."))


@bp.post("/<int:number>/sign")
@require(Action.SIGN_SLA)
def sign(number: int):
    """An explicit act: the consent box ticked, and the password when the sign-in is old."""
    version = _version(number)
    form = consent_label(SignForm(), version.number, current_user.team)
    valid = form.validate()
    if not _password_confirmed(form) or not valid:  # both checked, so every error shows
        return _signoff(version).refuse(sign_form=form)
    # A refusal answers a fresh form: the hash posted may be what was refused.
    return _signoff(version).act(lambda: services.sign(
        version, current_user, form.content_hash.data or "", request.remote_addr or "",
        request.user_agent.string), "sla-signed", _("Signed."))


@bp.post("/<int:number>/withdraw")
@require(Action.DRAFT_SLA)
def withdraw(number: int):
    version, form = _version(number), WithdrawForm()
    signoff = _signoff(version)
    if not form.validate():
        return signoff.refuse(withdraw_form=form)
    try:
        redraft = services.withdraw(version, current_user, form.reason.data)
    except services.SlaRefused as refused:
        return signoff.refuse(str(refused), withdraw_form=form)
    # Without JavaScript, straight to the redraft's editor; with it, the panel links there.
    return signoff.answer("sla-withdrawn", _("Withdrawn. Its content is back as draft version "
                                             "%(n)s.", n=redraft.number),
                          location=url_for("sla.edit", number=redraft.number), redraft=redraft)


@bp.get("/<int:number>/print")
def print_version(number: int):
    version = _version(number)
    if version.status not in ("signed", "proposed"):
        abort(404)
    return render_template("sla/print.html", **queries.version_page(version))


def _signoff(version: AgreementVersion) -> Panel:
    """The sign-off panel: every state of a version, every action on it."""
    return Panel("sla/show.html", "sla/_signoff.html", url_for("sla.show", number=version.number),
                 lambda: {**queries.version_page(version), **_panel_forms(version)},
                 services.SlaRefused)


def _panel_forms(version: AgreementVersion) -> dict:
    sign_form = SignForm(formdata=None, content_hash=version.content_hash)
    return {"sign_form": consent_label(sign_form, version.number, current_user.team),
            "withdraw_form": WithdrawForm(formdata=None), "needs_password": not _fresh_sign_in(),
            "can_sign": can(current_user, Action.SIGN_SLA)
            and current_user.team in services.TEAMS and version.status == "proposed"
            and not version.signature_of(current_user.team)}


def _fresh_sign_in() -> bool:
    """The password was typed in the last minutes (a remember-me restore does not count)."""
    return clock.now().timestamp() - session.get("password_checked_at", 0) < \
        FRESH_SIGN_IN_SECONDS


def _password_confirmed(form: SignForm) -> bool:
    """Fresh enough, or the password typed now is right; if not, the reason goes beside it."""
    from workspace.auth.services import SlowDown, authenticate

    if _fresh_sign_in():
        return True
    if not form.password.data:
        refuse(form, "password", _("Enter your password to sign."))
        return False
    try:
        # Through the sign-in throttle: a hijacked session cannot guess without limit.
        confirmed = authenticate(current_user.email, form.password.data,
                                 request.remote_addr or "") is not None
    except SlowDown as slow:
        refuse(form, "password", slow.message())
        return False
    if not confirmed:
        refuse(form, "password", _("That password is wrong."))
        return False
    session["password_checked_at"] = clock.now().timestamp()
    return True


def _date(iso: str | None):
    from datetime import date

    return date.fromisoformat(iso) if iso else None


@bp.route("/<int:number>/impact", methods=["GET", "POST"])
@require(Action.DRAFT_SLA)
def impact_preview(number: int):
    """The rules being edited (posted) or saved (GET) applied to the last three full months,
    beside what was judged then: the editor's fragment, or a page of its own."""
    from workspace.sla.impact import impact, last_full_months
    from workspace.sla.rules import describe
    from workspace.templating import current_workspace

    version = _version(number)
    rules, target = version.mql_rules, version.mql_target_per_month
    if request.method == "POST":
        form = AgreementForm()
        rules = [rule for rule in (row.form.cleaned() for row in form.rules) if rule]
        target = form.mql_target_per_month.data
    months = last_full_months(clock.now(), current_workspace().timezone)
    return htmx.render("sla/impact.html", "sla/_impact.html", version=version,
                       rules=[describe(rule, current_workspace().currency) for rule in rules],
                       rows=impact(rules, months), target=target)


@bp.get("/calculator")
@require(Action.DRAFT_SLA)
def calculator():
    """From a revenue target and the workspace's own history, the MQLs it takes."""
    from decimal import Decimal, InvalidOperation

    from workspace.sla.impact import historical_rates, six_months_ago

    try:
        revenue = Decimal(request.args.get("revenue", "0").replace(",", ""))
    except InvalidOperation:
        revenue = Decimal(0)
    if not revenue.is_finite() or revenue > Decimal(10) ** 15:
        revenue = Decimal(0)
    now = clock.now()
    rates = historical_rates(six_months_ago(now), now)
    cents = int(max(revenue, Decimal(0)) * 100)
    per_quarter = rates.mqls_for(cents) if cents else None
    return htmx.render("sla/calculator.html", "sla/_calculator.html", rates=rates,
                       revenue=cents, per_quarter=per_quarter)
