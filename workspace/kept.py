"""Regions of pages kept in this process's memory between requests, and never served stale.

A region is kept under its name, what the request chose (the reader's language, role, the
page's filters…) and the workspace's data version (workspace.data_version): any write to what
it was computed from raises the version, so the next request misses it. What changes with no
write (a deadline passing, a day or a month beginning) is the region's own to say: `build`
returns the region with the first moment after now at which it may read differently, and it is
served only between the moment it was computed and that one; a region kept inside another's
`build` (a board inside its page) ends the outer one's span no later than its own. Without a
data version (a database not migrated yet) nothing is kept.

Kept values must be plain (strings, numbers, tuples): never ORM objects, which belong to the
session of the request that read them.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from threading import Lock
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, g

from workspace import clock, data_version

LIMIT = 256  # regions per process, the least recently used dropped first
NEVER = datetime.max.replace(tzinfo=UTC)  # for a region no moment changes with no write


@dataclass(frozen=True)
class Entry:
    value: Any
    since: datetime  # when it was computed
    until: datetime  # the first moment it may read differently with no write


class Regions:
    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, now: datetime) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
        return entry if entry is not None and entry.since <= now < entry.until else None

    def put(self, key: Hashable, entry: Entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.limit:
                self._entries.popitem(last=False)


def regions() -> Regions:
    return current_app.extensions.setdefault("kept_regions", Regions())


def kept(name: str, chosen: Hashable, build: Callable[[datetime], tuple[Any, datetime]]) -> Any:
    """The region `name` for `chosen`, computed by `build(now)` -> (value, until) unless it
    is kept for the current data version and `now` is inside its span."""
    version = data_version.current()
    now = clock.now()
    if version is None:
        return build(now)[0]
    key = (name, version, chosen)
    entry = regions().get(key, now)
    if entry is None:
        value, until = _drawn_around_inner(build, now)
        # served from when drawing ended: what it shows may be as late as that, while
        # `until` counts from before it began, so a change in between leaves no span
        entry = Entry(value, clock.now(), until)
        regions().put(key, entry)
    _bound_outer(entry.until)
    return entry.value


def _drawn_around_inner(build, now: datetime) -> tuple[Any, datetime]:
    """`build(now)`, ending no later than any region kept inside it (a page around a board)."""
    spans = g.setdefault("kept_spans", [])
    spans.append(NEVER)
    try:
        value, until = build(now)
    finally:
        inner = spans.pop()
    return value, min(until, inner)


def _bound_outer(until: datetime) -> None:
    spans = g.get("kept_spans")
    if spans:
        spans[-1] = min(spans[-1], until)


def next_day_or_start(now: datetime) -> datetime:
    """The first moment after `now` at which a day begins in UTC, the workspace's zone or the
    reader's, or an SLA version the log has taking effect later starts: what changes "today",
    "overdue" and the version in force with no write, for most regions' `until`."""
    from flask_babel import get_timezone

    from workspace.sla.in_force import starts
    from workspace.templating import current_workspace

    moments = [start.at for start in starts() if start.at > now]
    for zone in {"UTC", current_workspace().timezone, str(get_timezone())}:
        local = now.astimezone(ZoneInfo(zone))
        moments.append(datetime.combine(local.date() + timedelta(days=1), time(),
                                        ZoneInfo(zone)))
    return min(moments)
