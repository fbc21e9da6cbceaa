"""@handles in comments: a handle is the part of a person's email before the @."""

import re

from sqlalchemy import func, or_, select

from workspace.auth.models import User
from workspace.extensions import db

MENTION = re.compile(r"(?<![\w.@])@([A-Za-z0-9][A-Za-z0-9._+-]*[A-Za-z0-9]|[A-Za-z0-9])")


def handle_of(user: User) -> str:
    return user.email.split("@", 1)[0]


def mentioned_people(text: str) -> list[User]:
    """Active people whose handle appears as @handle; unknown handles are plain text."""
    handles = {h.lower() for h in MENTION.findall(text or "")}
    if not handles:
        return []
    people = db.session.scalars(select(User).where(
        User.kind == "person", User.deactivated_at.is_(None),
        or_(*[func.lower(User.email).like(f"{handle}@%") for handle in handles])))
    return [p for p in people if handle_of(p).lower() in handles]


def mention_candidates(prefix: str, limit: int = 8) -> list[User]:
    """People for the @ autocomplete: by handle or name, active only."""
    prefix = (prefix or "").strip().lower()
    query = select(User).where(User.kind == "person", User.deactivated_at.is_(None),
                               User.joined_at.is_not(None))
    if prefix:
        pattern = f"{prefix.replace('%', '').replace('_', '')}%"
        query = query.where(or_(func.lower(User.email).like(pattern),
                                func.lower(User.name).like(pattern),
                                func.lower(User.name).like(f"% {pattern}")))
    return list(db.session.scalars(query.order_by(User.name).limit(limit)))
