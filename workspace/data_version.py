"""The workspace's data version: one number, raised in the same transaction as every write to
the tables pages are computed from, so a region kept between requests (workspace.kept) can
tell, with one read of a primary key, that nothing it was computed from has changed.

Every INSERT, UPDATE or DELETE a connection runs is noted (ORM flushes, bulk statements and
upserts alike: they all pass through Connection.execute); just before a session commits, it
flushes, and if anything outside UNWATCHED was written it raises the version, last, so the
row lock PostgreSQL takes on it is held only for the commit. A transaction rolled back raises
nothing. The epoch is new whenever the row is (re)created or a backup is restored, so a
version number seen before never means other data.
"""

from uuid import uuid4

from flask import g, has_request_context
from sqlalchemy import String, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.dml import UpdateBase

from workspace.extensions import db

NAME = "data"
# Written often and read by no kept region: a write to these alone raises nothing.
UNWATCHED = frozenset({"data_versions", "presences", "notifications", "sign_in_throttles",
                       "api_rate_windows", "api_tokens"})


class DataVersion(db.Model):
    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    epoch: Mapped[str] = mapped_column(String(32))
    version: Mapped[int]


def current() -> tuple[str, int] | None:
    """(epoch, version) as committed now, read once per request; None: no row yet."""
    if has_request_context() and "data_version" in g:
        return g.data_version
    row = db.session.execute(select(DataVersion.epoch, DataVersion.version)
                             .where(DataVersion.name == NAME)).first()
    found = (row.epoch, row.version) if row else None
    if has_request_context():
        g.data_version = found
    return found


def raise_version(connection, renew: bool = False) -> None:
    """Version + 1 (a new epoch with `renew`), creating the row if it is missing."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(DataVersion).values(name=NAME, epoch=uuid4().hex, version=1)
    changes = {"version": DataVersion.version + 1}
    if renew:
        changes["epoch"] = statement.excluded.epoch
    connection.execute(statement.on_conflict_do_update(index_elements=["name"], set_=changes))


@event.listens_for(Engine, "before_execute")
def _note_write(connection, statement, *_args) -> None:
    if isinstance(statement, UpdateBase) and getattr(statement, "table", None) is not None:
        name = getattr(statement.table, "name", None)
        if name not in UNWATCHED:
            connection.info["data_written"] = True


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _forget_writes(connection) -> None:
    connection.info.pop("data_written", None)


@event.listens_for(Session, "before_commit")
def _raise_after_writes(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the outer commit raises it
    session.flush()
    connection = session.connection()
    if connection.info.pop("data_written", False):
        raise_version(connection)


@event.listens_for(Session, "after_commit")
def _read_again(_session: Session) -> None:
    if has_request_context():
        g.pop("data_version", None)
