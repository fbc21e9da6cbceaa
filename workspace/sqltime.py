"""Time arithmetic in SQL that reads the same on SQLite and PostgreSQL."""

from datetime import timedelta

from sqlalchemy import Float, Integer, cast, extract, func
from sqlalchemy.sql import ColumnElement


def seconds_between(start, end, dialect: str) -> ColumnElement:
    """end - start in seconds."""
    if dialect == "postgresql":
        return extract("epoch", end - start)
    return cast((func.julianday(end) - func.julianday(start)) * 86400.0, Float)


def whole_seconds_between(start, end, dialect: str) -> ColumnElement:
    """end - start in whole seconds, rounded half up, exactly as `whole_seconds` does.

    SQLite's julianday carries float noise, so there the stored text is read as whole
    seconds and microseconds (UTCDateTime always writes all six digits) in integers."""
    if dialect == "postgresql":
        return cast(func.floor(extract("epoch", end - start) + 0.5), Integer)
    difference = _microseconds(end) - _microseconds(start)
    return cast((difference + 500_000) / 1_000_000, Integer)  # integer division, >= 0


def _microseconds(moment) -> ColumnElement:
    return (cast(func.strftime("%s", func.substr(moment, 1, 19)), Integer) * 1_000_000
            + cast(func.substr(moment, 21, 6), Integer))


def whole_seconds(delta: timedelta) -> int:
    return (delta // timedelta(microseconds=1) + 500_000) // 1_000_000
