"""Numbers in addresses: ids in paths and page numbers in query strings, bounded where they
are read, so an oversized one is "not found" or the last page, never an overflow in SQL."""

from flask import Flask, request
from werkzeug.routing import IntegerConverter

LARGEST_ID = 2**31 - 1  # an INTEGER's: the tables' ids on PostgreSQL (SQLite's are wider)
LAST_PAGE = 10_000


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number no id column holds matches no route (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def init_urls(app: Flask) -> None:
    """Before any blueprint: the converters apply to the rules as they are added."""
    app.url_map.converters["int"] = IdConverter


def page_number(name: str = "page") -> int:
    """`?page=` as a page between 1 and LAST_PAGE; anything else is the first page."""
    text = request.args.get(name, "")
    return min(int(text), LAST_PAGE) if text.isdigit() and 0 < len(text) < 12 and \
        int(text) > 0 else 1


def as_id(text: str | None) -> int | None:
    """A posted id (a hidden field) as a number a row could have, else None."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) <= LARGEST_ID else None


def bounded_int(text: str) -> int:
    """`request.args.get(name, type=bounded_int)`: a number a row or a revision could have;
    anything else (20 digits, a sign, letters) counts as not given, so it never reaches SQL."""
    value = int(text)
    if not 0 <= value <= LARGEST_ID:
        raise ValueError(text)
    return value
