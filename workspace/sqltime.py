"""Time arithmetic in SQL that reads the same on SQLite and PostgreSQL."""

from sqlalchemy import Float, cast, extract, func
from sqlalchemy.sql import ColumnElement


def seconds_between(start, end, dialect: str) -> ColumnElement:
    """end - start in seconds."""
    if dialect == "postgresql":
        return extract("epoch", end - start)
    return cast((func.julianday(end) - func.julianday(start)) * 86400.0, Float)
