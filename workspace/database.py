"""Database tuning: SQLite pragmas for a team, and read-then-write units."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

from workspace.extensions import db


def tune_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    import sqlite3

    if sqlite3.sqlite_version_info < (3, 35):  # RETURNING, UPDATE ... FROM
        raise RuntimeError(f"Alinea needs SQLite 3.35 or later; this Python has "
                           f"{sqlite3.sqlite_version}. Use a newer Python or PostgreSQL.")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # 16 MB of pages per connection (the default is 2 MB): a month's metrics read more.
        cursor.execute("PRAGMA cache_size=-16000")
        cursor.close()


@contextmanager
def write_unit() -> Iterator[None]:
    """A read-then-write unit: on SQLite take the write lock first, so writers queue."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        if not raw.in_transaction:
            raw.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def lock_and_refresh(obj) -> None:
    """Inside a write unit: lock the object's row (PostgreSQL; SQLite's write lock is already
    held) and reload it, so the checks that follow see what any other process committed."""
    from sqlalchemy import inspect, select

    mapper = inspect(type(obj))
    key = mapper.primary_key[0]
    db.session.execute(select(key).where(key == getattr(obj, key.key)).with_for_update())
    db.session.refresh(obj)


def insert_all(objects: list) -> None:
    """New rows of one model in one executemany, past the unit of work: for batches (the
    API's 1,000 leads) where adding and flushing objects one by one costs more than the
    database does. The objects are not added to the session and get no ids."""
    from sqlalchemy import insert, inspect

    if not objects:
        return
    model = type(objects[0])
    columns = [attribute.key for attribute in inspect(model).column_attrs]
    db.session.execute(insert(model), [
        {name: obj.__dict__[name] for name in columns if name in obj.__dict__}
        for obj in objects])
