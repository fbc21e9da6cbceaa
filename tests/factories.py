"""Plain builders for test data."""

from itertools import count

from werkzeug.security import generate_password_hash

from workspace import clock
from workspace.auth.models import User
from workspace.extensions import db

PASSWORD = "correct horse battery"
# Hashing is slow on purpose; tests share one hash of the one password.
_PASSWORD_HASH = generate_password_hash(PASSWORD)
_numbers = count(1)


def make_user(team: str | None = "marketing", role: str | None = "member", *,
              is_admin: bool = False, name: str | None = None, email: str | None = None,
              joined: bool = True, locale: str = "en", timezone: str = "UTC") -> User:
    n = next(_numbers)
    user = User(email=email or f"person{n}@example.test", name=name or f"Person {n}",
                team=team, role=role if team else None, is_admin=is_admin, locale=locale,
                timezone=timezone, password_hash=_PASSWORD_HASH if joined else None,
                joined_at=clock.now() if joined else None)
    db.session.add(user)
    db.session.commit()
    return user


def make_admin(**kwargs) -> User:
    return make_user(team=None, role=None, is_admin=True, **kwargs)
