"""Sign in and out, invitation acceptance, one's own settings."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from workspace import htmx
from workspace.admin.forms import ConfirmForm
from workspace.auth import services
from workspace.auth.forms import AcceptInvitationForm, LoginForm, PasswordForm, ProfileForm
from workspace.auth.sessions import end_session, start_session
from workspace.extensions import limiter
from workspace.forms import form_status, refuse
from workspace.kept import NEVER
from workspace.kept_pages import kept_page
from workspace.redirects import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next())
    if request.method == "GET":  # the same for everyone in a language: kept
        return kept_page("auth/login.html", lambda now: ({"form": LoginForm()}, NEVER))
    form, slow = LoginForm(), None
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data,
                                         request.remote_addr or "")
        except services.SlowDown as slow_down:
            user, slow = None, slow_down
            refuse(form, "password", slow.message())
        except services.AccountDeactivated:
            user = None
            refuse(form, "email", _("This account has been deactivated. Ask your admin."))
        else:
            if user is None:
                refuse(form, "password", _("Email or password is incorrect."))
        if user is not None:
            start_session(user, remember=form.remember.data)
            return redirect(safe_next(), 303)
    page = render_template("auth/login.html", form=form), form_status(form)
    return services.slowed(page, slow) if slow else page


@bp.post("/logout")
@login_required
def logout():
    # The per-user session version is the only server-side handle on a cookie: signing out
    # ends this person's sessions on every device.
    services.sign_out_everywhere(current_user)
    end_session()
    flash(_("You have signed out on every device."), "info")
    return redirect(url_for("auth.login"), 303)


@bp.post("/language")
def choose_language():
    """The language before signing in; signed-in people set it in their settings."""
    if request.form.get("locale") in ("en", "es"):
        session["locale"] = request.form["locale"]
    return redirect(safe_next("auth.login"), 303)


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def accept_invitation(token: str):
    invitation = services.usable_invitation(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 404
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        user = services.accept_invitation(token, form.password.data)
        if user is None:
            abort(404)
        start_session(user, remember=False)
        flash(_("Welcome to the workspace, %(name)s.", name=user.name), "success")
        return redirect(url_for("home.index"), 303)
    return render_template("auth/accept.html", form=form, invitee=invitation.user), form_status(
        form)


@bp.get("/settings")
@login_required
def settings():
    return _settings_page(ProfileForm(obj=current_user), PasswordForm(current_user))


@bp.post("/settings/profile")
@login_required
def save_profile():
    form = ProfileForm()
    if form.validate_on_submit():
        services.update_profile(current_user, form.name.data, form.locale.data,
                                form.timezone.data)
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("auth.settings"), 303)
    return _settings_page(form, PasswordForm(current_user))


@bp.post("/settings/password")
@login_required
def change_password():
    form = PasswordForm(current_user, address=request.remote_addr or "")
    if form.validate_on_submit():
        services.change_password(current_user, form.password.data)
        start_session(current_user._get_current_object(), remember=bool(session.get("remember")),
                      keep_csrf=True)
        if not htmx.wants_fragment():
            flash(_("Password changed. Your other sessions have been signed out."), "success")
            return redirect(url_for("auth.settings"), 303)
        return htmx.render("auth/settings.html", "auth/_password_form.html",
                           password_form=PasswordForm(current_user, formdata=None), saved=True)
    page = htmx.render("auth/settings.html", "auth/_password_form.html", 422,
                       password_form=form, profile_form=ProfileForm(obj=current_user),
                       signout_form=ConfirmForm())
    return services.slowed(page, form.slow) if form.slow else page


def _settings_page(profile_form, password_form):
    return render_template("auth/settings.html", profile_form=profile_form,
                           password_form=password_form, signout_form=ConfirmForm()), form_status(
        profile_form, password_form)
