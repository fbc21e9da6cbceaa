"""API tokens: issued once, stored as a hash, each acting as a named integration user."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from workspace import clock
from workspace.api.models import SCOPES, ApiRateWindow, ApiToken
from workspace.auth.models import User
from workspace.database import write_unit
from workspace.extensions import db
from workspace.secrets_store import new_token, token_hash

TOKEN_PREFIX = "aln_"


@dataclass
class IssuedToken:
    token: ApiToken
    secret: str


def create_api_token(name: str, scopes: list[str], created_by: User | None) -> IssuedToken:
    with write_unit():
        unknown = set(scopes) - set(SCOPES)
        if unknown:
            raise ValueError(f"unknown scopes: {', '.join(sorted(unknown))}")
        integration = User(email=_integration_email(name), name=name.strip(), kind="integration",
                           joined_at=clock.now())
        secret = new_token(TOKEN_PREFIX)
        token = ApiToken(user=integration, created_by_id=created_by.id if created_by else None,
                         token_hash=token_hash(secret), prefix=secret[:10],
                         scopes=" ".join(s for s in SCOPES if s in scopes))
        db.session.add_all([integration, token])
    return IssuedToken(token, secret)


def _integration_email(name: str) -> str:
    # Integration users never sign in; the address only needs to be unique.
    return f"integration+{new_token()[:12].lower()}@alinea.invalid"


def revoke_api_token(token: ApiToken) -> None:
    with write_unit():
        token.revoked_at = clock.now()


def api_tokens() -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).join(ApiToken.user).order_by(ApiToken.revoked_at.is_not(None),
                                                      ApiToken.created_at.desc())))


def token_for_secret(secret: str) -> ApiToken | None:
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(secret)))
    return None if token is None or token.is_revoked else token


def take_rate_slot(token: ApiToken) -> int | None:
    """Count one request in this minute's window; seconds to wait if the limit is reached."""
    with write_unit():
        now = clock.now()
        window = now.replace(second=0, microsecond=0)
        limit = current_app.config["API_RATE_PER_MINUTE"]
        db.session.execute(_upsert_window(token.id, window))
        count = db.session.scalar(select(ApiRateWindow.count).where(
            ApiRateWindow.token_id == token.id, ApiRateWindow.window_start == window))
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
        db.session.execute(db.delete(ApiRateWindow).where(
            ApiRateWindow.token_id == token.id, ApiRateWindow.window_start < window - timedelta(
                minutes=5)))
    if count > limit:
        return 60 - now.second
    return None


def _upsert_window(token_id: int, window):
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(ApiRateWindow).values(token_id=token_id, window_start=window, count=1)
    return statement.on_conflict_do_update(
        index_elements=["token_id", "window_start"],
        set_={"count": ApiRateWindow.count + 1})
