"""Handing an invitation link over: mailed when SMTP is set, always shown once to the admin."""

from flask import current_app, flash, session, url_for
from flask_babel import gettext as _

from workspace.auth.models import User
from workspace.mail import send_mail


def deliver_invitation(user: User, token: str) -> None:
    link = url_for("auth.accept_invitation", token=token, _external=True)
    session["invitation_link"] = link
    body = _("You have been invited to the Alinea workspace. Set your password here "
             "(the link works once, for %(days)s days): %(link)s", link=link,
             days=current_app.config["INVITATION_DAYS"])
    if send_mail(user.email, _("Your invitation to Alinea"), body):
        flash(_("Invitation mailed to %(email)s.", email=user.email), "success")
    else:
        flash(_("Invitation ready. Copy the link below and send it to %(name)s.",
                name=user.name), "success")
