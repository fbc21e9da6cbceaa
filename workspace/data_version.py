"""The workspace's data version: one number, raised in the same transaction as every write to
the tables pages are computed from, so a region kept between requests (workspace.kept) can
tell, with one read of a primary key, that nothing it was computed from has changed.

Every statement that writes through the app's engine (`watch`) is noted on its connection
(ORM flushes, bulk statements, upserts, text and driver SQL alike: all pass through the
cursor); when the connection commits, if anything outside UNWATCHED was written, the version
is raised just before the database's COMMIT, whoever commits (a session, engine.begin(), a
migration), so PostgreSQL's row lock on it is taken after every other lock and held only for
the commit. A transaction rolled back raises nothing. The epoch is new whenever the row is
(re)created or a backup is restored, so a version number seen before never means other data.
"""

from uuid import uuid4

from flask import g, has_app_context, has_request_context
from sqlalchemy import String, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.dml import UpdateBase

from workspace.extensions import db

NAME = "data"
# Raised by the database itself on every change to the agreement's tables (workspace.sla.noticed)
AGREEMENT = "agreement"
# Written often and read by no kept region: a write to these alone raises nothing.
UNWATCHED = frozenset({"data_versions", "presences", "notifications", "sign_in_throttles",
                       "api_rate_windows", "api_tokens"})


class DataVersion(db.Model):
    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    epoch: Mapped[str] = mapped_column(String(32))
    version: Mapped[int]


def current() -> tuple[str, int, int] | None:
    """(epoch, version, the agreement's count) as committed now, read once per request; None:
    no row yet, or this request has written and not committed (nothing is kept or served from
    memory then)."""
    if has_request_context() and g.get("uncommitted_write"):
        return None

    def read():
        rows = dict(db.session.execute(
            select(DataVersion.name, DataVersion).where(DataVersion.name.in_((NAME, AGREEMENT))))
            .all())
        data, agreement = rows.get(NAME), rows.get(AGREEMENT)
        return (data.epoch, data.version, agreement.version if agreement else 0) if data else None

    return once_per_commit("data_version", read)


def once_per_commit(name: str, read):
    """`read()` once per request until the request writes or commits (then again): for what
    several parts of a page read alike. Outside a request, read every time."""
    if not has_request_context() or g.get("uncommitted_write"):
        return read()
    memo = g.setdefault("read_since_commit", {})
    if name not in memo:
        memo[name] = read()
    return memo[name]


def raise_version(connection, renew: bool = False) -> None:
    """Version + 1 (a new epoch with `renew`), creating the row if it is missing."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(DataVersion).values(name=NAME, epoch=uuid4().hex, version=1)
    changes = {"version": DataVersion.version + 1}
    if renew:
        changes["epoch"] = statement.excluded.epoch
    connection.execute(statement.on_conflict_do_update(index_elements=["name"], set_=changes))


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "TRUNCATE", "COPY")


def watch(engine: Engine) -> None:
    """Raise the version on every commit of `engine` that writes (the app's, once)."""
    for name, listener in (("before_cursor_execute", _note_write),
                           ("commit", _raise_if_written), ("rollback", _forget_writes)):
        if not event.contains(engine, name, listener):
            event.listen(engine, name, listener)


def _note_write(connection, _cursor, statement: str, _parameters, context, _many) -> None:
    compiled = getattr(getattr(context, "compiled", None), "statement", None)
    if isinstance(compiled, UpdateBase):
        if getattr(compiled.table, "name", None) in UNWATCHED:
            return
    elif not statement.lstrip()[:8].upper().startswith(WRITES):
        return
    connection.info["data_written"] = True
    if has_app_context():  # a request's, or one a later request may share (tests, CLI)
        g.uncommitted_write = True
        g.pop("read_since_commit", None)


def _raise_if_written(connection) -> None:
    """At a commit outside a session (engine.begin(), a migration): a session's commit has
    raised it already, before committing (below)."""
    if not connection.invalidated and connection.info.pop("data_written", False) \
            and not _before_this_table(connection):
        raise_version(connection)
    _read_again()


@event.listens_for(Session, "before_commit")
def _raise_before_session_commit(session: Session) -> None:
    """A session raises it as the last statement of its commit's preparation: a database lost
    there fails like a flush, which the session rolls back cleanly (a clean 503), rather than
    inside the COMMIT itself."""
    if session.in_nested_transaction():
        return
    session.flush()
    connection = session.connection()
    if connection.invalidated or not event.contains(connection.engine, "commit",
                                                       _raise_if_written):
        return
    if connection.info.pop("data_written", False) and not _before_this_table(connection):
        raise_version(connection)


def _forget_writes(connection) -> None:
    # a connection lost mid-transaction (a database restart) takes its note with it; asking
    # it for its info would only raise that the transaction must be rolled back first
    if not connection.invalidated:
        connection.info.pop("data_written", None)
    _read_again()


def _read_again() -> None:
    if has_app_context():
        g.pop("uncommitted_write", None)
        g.pop("read_since_commit", None)


def _before_this_table(connection) -> bool:
    """A migration run before the one that creates the table (migrations/env.py says so)."""
    from sqlalchemy import inspect

    return connection.info.get("migrating", False) and \
        not inspect(connection).has_table(DataVersion.__tablename__)

