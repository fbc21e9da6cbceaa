"""Calendar months in the workspace's time zone, turned into UTC ranges before querying."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


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

    def shifted(self, by: int) -> "Month":
        year, month = (int(part) for part in self.label.split("-"))
        return Month.of(*shift(year, month, by), self.zone)


def requested_month(text: str | None) -> Month:
    """The month a page asks for as "YYYY-MM", else this month, in the workspace's zone."""
    from workspace import clock
    from workspace.templating import current_workspace

    zone = current_workspace().timezone
    today = clock.now().astimezone(ZoneInfo(zone)).date()
    return Month.of(*parse_month(text, today), zone)


def month_range(year: int, month: int, zone: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(zone)
    start = datetime.combine(date(year, month, 1), time(), tzinfo=tz)
    following = date(year + (month == 12), month % 12 + 1, 1)
    end = datetime.combine(following, time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def parse_month(text: str | None, today: date) -> tuple[int, int]:
    """"2026-11" → (2026, 11); anything else → this month."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        if 1 <= month <= 12 and 2000 <= year <= 2100:
            return year, month
    except ValueError:
        pass
    return today.year, today.month


def shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1
