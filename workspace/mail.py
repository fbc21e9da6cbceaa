"""Outgoing mail, only when SMTP is configured; otherwise links are copied by hand.

Mail that a change causes (notifications) leaves after the change commits, never inside its
transaction: a slow mail server must not hold the database's write lock, and a change that
rolls back must not have told anyone.
"""

import smtplib
from email.message import EmailMessage

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

PENDING = "alinea.mail_after_commit"


def mail_configured() -> bool:
    return bool(current_app.config["MAIL_SERVER"])


def send_mail(to: str, subject: str, body: str) -> bool:
    if not mail_configured():
        return False
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("could not mail %s", to)
        return False
    return True


def send_after_commit(to: str, subject: str, body: str) -> None:
    """Queue a message on the current transaction; it is sent once that transaction commits."""
    from workspace.extensions import db

    if mail_configured():
        db.session().info.setdefault(PENDING, []).append((to, subject, body))


def _send_pending(session: Session) -> None:
    for to, subject, body in session.info.pop(PENDING, []):
        if not send_mail(to, subject, body):
            current_app.logger.warning("mail to %s not sent", to)


def _drop_pending(session: Session) -> None:
    session.info.pop(PENDING, None)


def init_mail(app: Flask) -> None:
    # Session events are global; listen once however many apps a process makes.
    if not event.contains(Session, "after_commit", _send_pending):
        event.listen(Session, "after_commit", _send_pending)
        event.listen(Session, "after_rollback", _drop_pending)
