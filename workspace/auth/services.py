"""Verbs of accounts: sign in (throttled), invite, accept, change one's settings."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from workspace import clock
from workspace.auth.models import Invitation, SignInThrottle, User
from workspace.database import write_unit
from workspace.extensions import db
from workspace.secrets_store import new_token, token_hash

# Checked against when the email is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountLocked(Exception):
    def __init__(self, until: datetime):
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


class AccountDeactivated(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The user if the credentials are right; None otherwise. Raises when locked."""
    email = normalise_email(email)
    now = clock.now()
    with write_unit():
        throttle = db.session.get(SignInThrottle, email)
        if throttle and throttle.locked_until and throttle.locked_until > now:
            raise AccountLocked(throttle.locked_until)
        user = user_by_email(email)
        if user is None or user.kind != "person" or user.password_hash is None:
            check_password_hash(_DUMMY_HASH, password)
            ok = False
        else:
            ok = user.check_password(password)
        if ok:
            if throttle:
                db.session.delete(throttle)
        else:
            _record_failure(throttle, email, now)
    if ok and not user.is_active:
        raise AccountDeactivated()
    return user if ok else None


def _record_failure(throttle: SignInThrottle | None, email: str, now: datetime) -> None:
    window = timedelta(minutes=current_app.config["SIGN_IN_LOCK_MINUTES"])
    if throttle is None:
        throttle = SignInThrottle(email=email, failures=0, last_failure_at=now)
        db.session.add(throttle)
    elif now - throttle.last_failure_at > window:
        throttle.failures = 0
    throttle.failures += 1
    throttle.last_failure_at = now
    if throttle.failures >= current_app.config["SIGN_IN_MAX_FAILURES"]:
        throttle.locked_until = now + window
        throttle.failures = 0


def create_admin(email: str, name: str, password: str) -> User:
    with write_unit():
        user = User(email=normalise_email(email), name=name.strip(), is_admin=True,
                    joined_at=clock.now())
        user.set_password(password)
        db.session.add(user)
    return user


@dataclass
class IssuedInvitation:
    user: User
    token: str


def invite_user(email: str, name: str, team: str, role: str, invited_by: User) -> IssuedInvitation:
    with write_unit():
        user = User(email=normalise_email(email), name=name.strip(), team=team, role=role)
        db.session.add(user)
        db.session.flush()
        token = issue_invitation(user, invited_by)
    return IssuedInvitation(user, token)


def reissue_invitation(user: User, invited_by: User) -> str:
    """A fresh link; every earlier link of this person stops working."""
    with write_unit():
        now = clock.now()
        for invitation in user.invitations:
            if invitation.used_at is None and invitation.expires_at > now:
                invitation.expires_at = now
        token = issue_invitation(user, invited_by)
    return token


def issue_invitation(user: User, invited_by: User) -> str:
    token = new_token()
    days = current_app.config["INVITATION_DAYS"]
    db.session.add(Invitation(user=user, invited_by_id=invited_by.id,
                              token_hash=token_hash(token),
                              expires_at=clock.now() + timedelta(days=days)))
    return token


def usable_invitation(token: str) -> Invitation | None:
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if invitation is None or not invitation.is_usable(clock.now()):
        return None
    if not invitation.user.is_active:
        return None
    return invitation


def accept_invitation(token: str, password: str) -> User | None:
    """Set the password and mark the link used; None if the link is no longer valid."""
    with write_unit():
        invitation = usable_invitation(token)
        if invitation is None:
            return None
        now = clock.now()
        invitation.used_at = now
        user = invitation.user
        user.set_password(password)
        user.joined_at = user.joined_at or now
        user.end_sessions()
    return user


def update_profile(user: User, name: str, locale: str, timezone: str) -> None:
    with write_unit():
        user.name = name.strip()
        user.locale = locale
        user.timezone = timezone


def change_password(user: User, new_password: str) -> None:
    """New password; every other session of this user ends."""
    with write_unit():
        user.set_password(new_password)
        user.end_sessions()


def sign_out_everywhere(user: User) -> None:
    with write_unit():
        user.end_sessions()
