"""Time arithmetic in SQL that reads the same on SQLite and PostgreSQL."""

import math
from datetime import timedelta

from sqlalchemy import Float, Integer, cast, extract, func
from sqlalchemy.sql import ColumnElement


def seconds_between(start, end, dialect: str) -> ColumnElement:
    """end - start in seconds."""
    if dialect == "postgresql":
        return extract("epoch", end - start)
    return cast((func.julianday(end) - func.julianday(start)) * 86400.0, Float)


def whole_seconds_between(start, end, dialect: str) -> ColumnElement:
    """end - start rounded to whole seconds, half up, exactly as `whole_seconds` does."""
    if dialect == "postgresql":
        return cast(func.floor(seconds_between(start, end, dialect) + 0.5), Integer)
    return cast(seconds_between(start, end, dialect) + 0.5, Integer)  # truncates: floor for >= 0


def whole_seconds(delta: timedelta) -> int:
    return math.floor(delta.total_seconds() + 0.5)
