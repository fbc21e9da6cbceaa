"""The admin's pages: people and invitations, the workspace, API tokens."""

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workspace.access import require_login
from workspace.admin import services
from workspace.admin.forms import (
    ApiTokenForm,
    ConfirmForm,
    InviteForm,
    MembershipForm,
    WorkspaceForm,
)
from workspace.admin.invitations import deliver_invitation
from workspace.api.models import ApiToken
from workspace.api.services import api_tokens, create_api_token, revoke_api_token
from workspace.auth.models import User
from workspace.auth.services import invite_user, reissue_invitation
from workspace.extensions import db
from workspace.forms import form_status, refuse
from workspace.permissions import Action, require

bp = Blueprint("admin", __name__)
require_login(bp)


def _person(user_id: int) -> User:
    user = db.get_or_404(User, user_id)
    if user.kind != "person":
        abort(404)
    return user


@bp.get("/people")
@require(Action.MANAGE_USERS)
def people(form: InviteForm | None = None):
    form = form or InviteForm()
    return render_template("admin/people.html", people=services.people(), form=form), \
        form_status(form)


@bp.post("/people")
@require(Action.MANAGE_USERS)
def invite():
    form = InviteForm()
    if not form.validate_on_submit():
        return people(form)
    issued = invite_user(form.email.data, form.name.data, form.team.data, form.role.data,
                         invited_by=current_user)
    deliver_invitation(issued.user, issued.token)
    return redirect(url_for("admin.person", user_id=issued.user.id), 303)


@bp.get("/people/<int:user_id>")
@require(Action.MANAGE_USERS)
def person(user_id: int, form: MembershipForm | None = None):
    user = _person(user_id)
    form = form or MembershipForm(obj=user)
    link = session.pop("invitation_link", None) if not user.has_joined else None
    return render_template("admin/person.html", person=user, form=form, invitation_link=link,
                           action_form=ConfirmForm()), form_status(form)


@bp.post("/people/<int:user_id>/membership")
@require(Action.MANAGE_USERS)
def change_membership(user_id: int):
    user = _person(user_id)
    form = MembershipForm()
    if not form.validate_on_submit():
        return person(user_id, form)
    try:
        services.change_membership(user, form.team.data, form.role.data, form.is_admin.data,
                                   by=current_user)
    except services.CannotChangeSelf:
        form.is_admin.errors = [_("You cannot remove your own admin rights.")]
        return person(user_id, form)
    flash(_("%(name)s's membership is saved.", name=user.name), "success")
    return redirect(url_for("admin.person", user_id=user.id), 303)


@bp.post("/people/<int:user_id>/invitation")
@require(Action.MANAGE_USERS)
def reinvite(user_id: int):
    user = _person(user_id)
    if user.has_joined or not ConfirmForm().validate_on_submit():
        abort(400)
    deliver_invitation(user, reissue_invitation(user, invited_by=current_user))
    return redirect(url_for("admin.person", user_id=user.id), 303)


@bp.route("/people/<int:user_id>/deactivate", methods=["GET", "POST"])
@require(Action.MANAGE_USERS)
def deactivate(user_id: int):
    user = _person(user_id)
    form = ConfirmForm()
    if user.id == current_user.id:
        flash(_("You cannot deactivate yourself."), "error")
        return redirect(url_for("admin.person", user_id=user.id), 303)
    if form.validate_on_submit():
        services.deactivate(user, by=current_user)
        flash(_("%(name)s can no longer sign in.", name=user.name), "success")
        return redirect(url_for("admin.person", user_id=user.id), 303)
    return render_template("admin/confirm_deactivate.html", person=user, form=form)


@bp.post("/people/<int:user_id>/reactivate")
@require(Action.MANAGE_USERS)
def reactivate(user_id: int):
    user = _person(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.reactivate(user)
    flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(url_for("admin.person", user_id=user.id), 303)


@bp.route("/workspace", methods=["GET", "POST"])
@require(Action.MANAGE_WORKSPACE)
def workspace():
    form = WorkspaceForm(obj=services.workspace_settings())
    if form.validate_on_submit():
        try:
            services.update_workspace(form.name.data, form.currency.data, form.timezone.data,
                                      form.goal_period.data)
        except services.CurrencyInUse as in_use:
            refuse(form, "currency", _(
                "Amounts are already recorded in %(currency)s (deals, budgets, spend or SLA "
                "thresholds); another currency would relabel them without converting them.",
                currency=str(in_use)))
        else:
            flash(_("Workspace settings saved."), "success")
            return redirect(url_for("admin.workspace"), 303)
    return render_template("admin/workspace.html", form=form), form_status(form)


@bp.route("/tokens", methods=["GET", "POST"])
@require(Action.MANAGE_TOKENS)
def tokens():
    form = ApiTokenForm()
    if form.validate_on_submit():
        issued = create_api_token(form.name.data, form.scopes.data, created_by=current_user)
        session["token_secret"] = issued.secret
        return redirect(url_for("admin.tokens"), 303)
    return render_template("admin/tokens.html", form=form, tokens=api_tokens(),
                           secret=session.pop("token_secret", None),
                           action_form=ConfirmForm()), form_status(form)


@bp.route("/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@require(Action.MANAGE_TOKENS)
def revoke(token_id: int):
    token = db.get_or_404(ApiToken, token_id)
    form = ConfirmForm()
    if form.validate_on_submit() and not token.is_revoked:
        revoke_api_token(token)
        flash(_("The token “%(name)s” no longer works.", name=token.user.name), "success")
        return redirect(url_for("admin.tokens"), 303)
    return render_template("admin/confirm_revoke.html", token=token, form=form)
