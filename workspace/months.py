"""Calendar months in the workspace's time zone, turned into UTC ranges before querying."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

# How a month is named on a page, as Babel skeletons and patterns: "November 2026" and
# "noviembre de 2026", "Nov 2026", or "November" alone.
NAME_FORMATS = {"long": ("skeleton", "yMMMM"), "short": ("skeleton", "yMMM"),
                "month": ("pattern", "LLLL")}


@dataclass(frozen=True)
class Month:
    """A calendar month of the workspace: its "YYYY-MM" label and its UTC range."""

    label: str
    start: datetime
    end: datetime
    zone: str = field(default="UTC", compare=False, repr=False)

    @classmethod
    def of(cls, year: int, month: int, zone: str) -> "Month":
        return cls(f"{year:04d}-{month:02d}", *month_range(year, month, zone), zone)

    @property
    def first_day(self) -> date:
        year, month = (int(part) for part in self.label.split("-"))
        return date(year, month, 1)

    def shifted(self, by: int) -> "Month":
        return Month.of(*shift(self.first_day.year, self.first_day.month, by), self.zone)


def month_name(label: str, locale: str, width: str = "long") -> str:
    """A "YYYY-MM" label in the reader's language: formatted per request, never cached."""
    from babel.dates import format_date, format_skeleton

    year, month = (int(part) for part in label.split("-"))
    kind, form = NAME_FORMATS[width]
    day = date(year, month, 1)
    if kind == "skeleton":
        return format_skeleton(form, day, locale=locale)
    return format_date(day, form, locale=locale)


def requested_month(text: str | None) -> Month:
    """The month a page asks for as "YYYY-MM", else this month, in the workspace's zone."""
    zone, today = _today()
    return Month.of(*parse_month(text, today), zone)


@dataclass(frozen=True)
class ShownMonth:
    """The month a figures page shows, and why: `asked` for it; the last `complete` month
    while the current one is under way; the `current` month, the only recent one with leads;
    the `latest` month with leads, the current one having none yet; or, with no leads at all,
    the last complete month (`empty`)."""

    month: Month
    why: str
    current: Month


def shown_month(text: str | None, latest_with_data) -> ShownMonth:
    """The month asked for as "YYYY-MM"; when none (or no valid one) is asked, never a month
    just begun while the one before it has data: the last complete month if it has data,
    else the latest month with data. `latest_with_data(label)` answers the two latest
    "YYYY-MM" with data up to `label`, newest first (fewer when there are fewer)."""
    zone, today = _today()
    current = Month.of(today.year, today.month, zone)
    asked = parse_month(text, None)
    if asked:
        return ShownMonth(Month.of(*asked, zone), "asked", current)
    previous = current.shifted(-1)
    latest = list(latest_with_data(current.label)) + [None, None]
    if latest[0] is None:
        return ShownMonth(previous, "empty", current)
    if latest[0] == current.label:
        if latest[1] == previous.label:
            return ShownMonth(previous, "complete", current)
        return ShownMonth(current, "current", current)
    return ShownMonth(Month.of(*parse_month(latest[0], today), zone), "latest", current)


def _today() -> tuple[str, date]:
    from workspace import clock
    from workspace.templating import current_workspace

    zone = current_workspace().timezone
    return zone, clock.now().astimezone(ZoneInfo(zone)).date()


def month_range(year: int, month: int, zone: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(zone)
    start = datetime.combine(date(year, month, 1), time(), tzinfo=tz)
    following = date(year + (month == 12), month % 12 + 1, 1)
    end = datetime.combine(following, time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def parse_month(text: str | None, today: date | None) -> tuple[int, int] | None:
    """"2026-11" → (2026, 11); anything else → this month (`today`'s), or None without one."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        if 1 <= month <= 12 and 2000 <= year <= 2100:
            return year, month
    except ValueError:
        pass
    return (today.year, today.month) if today else None


def shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1
