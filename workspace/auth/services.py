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


class SlowDown(Exception):
    """Too many wrong passwords from this address for this account: no check before
    `retry_at` (the answer is 429 with Retry-After)."""

    def __init__(self, retry_at: datetime):
        super().__init__(f"no check before {retry_at.isoformat()}")
        self.retry_at = retry_at

    @property
    def seconds(self) -> int:
        return max(1, int((self.retry_at - clock.now()).total_seconds() + 0.999))

    def message(self) -> str:
        from flask_babel import format_timedelta
        from flask_babel import gettext as _

        return _("Too many wrong passwords from here. Try again in %(wait)s.",
                 wait=format_timedelta(timedelta(seconds=self.seconds), threshold=1.1))


def slowed(response, slow: "SlowDown"):
    """A page answering a throttled password check: 429, and when to try again."""
    body, status = (response if isinstance(response, tuple) else (response, 200))[:2]
    from flask import make_response

    answer = make_response(body, 429)
    answer.headers["Retry-After"] = str(slow.seconds)
    return answer


class AccountDeactivated(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str, address: str = "") -> User | None:
    """The user if the credentials are right; None otherwise. SlowDown when this address
    has guessed too often for this account (see `checked_password`)."""
    email = normalise_email(email)
    user = user_by_email(email)
    known = user is not None and user.kind == "person" and user.password_hash is not None
    ok = checked_password(user if known else None, email, password, address)
    if ok and not user.is_active:
        raise AccountDeactivated()
    return user if ok else None


def checked_password(user: User | None, email: str, password: str, address: str) -> bool:
    """Every password check goes through here (sign-in, changing it, signing an SLA): the
    first failures are free; after them each further attempt from the same address waits
    twice as long as the one before, up to SIGN_IN_MAX_DELAY_MINUTES. Success clears it."""
    now = clock.now()
    key = (normalise_email(email), (address or "-")[:64])
    with write_unit():
        throttle = db.session.get(SignInThrottle, key)
        if throttle and throttle.retry_at and throttle.retry_at > now:
            raise SlowDown(throttle.retry_at)
        if user is None:
            check_password_hash(_DUMMY_HASH, password)  # an unknown email takes as long
            ok = False
        else:
            ok = user.check_password(password)
        if ok and throttle:
            db.session.delete(throttle)
        elif not ok:
            _record_failure(throttle, key, now)
    return ok


def _record_failure(throttle: SignInThrottle | None, key: tuple[str, str],
                    now: datetime) -> None:
    config = current_app.config
    longest = timedelta(minutes=config["SIGN_IN_MAX_DELAY_MINUTES"])
    if throttle is None:
        throttle = SignInThrottle(email=key[0], address=key[1], failures=0, last_failure_at=now)
        db.session.add(throttle)
    elif now - throttle.last_failure_at > 2 * longest:
        throttle.failures = 0  # failures far apart do not add up
    throttle.failures += 1
    throttle.last_failure_at = now
    beyond = throttle.failures - config["SIGN_IN_FREE_FAILURES"]
    throttle.retry_at = now + min(timedelta(seconds=2 ** min(beyond, 20)), longest) \
        if beyond >= 0 else None


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
