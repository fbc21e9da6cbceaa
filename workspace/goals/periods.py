"""Goal periods: quarters by default ("2026-Q4"), or half-years ("2026-H2") or years ("2026")."""

import re
from dataclasses import dataclass
from datetime import date

KINDS = {"quarter": 3, "half": 6, "year": 12}
_LABEL = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")


@dataclass(frozen=True)
class Period:
    label: str
    start: date  # the first day
    end: date  # the day after the last

    @property
    def months(self) -> list[str]:
        """Its calendar months as "YYYY-MM" labels."""
        labels, year, month = [], self.start.year, self.start.month
        while date(year, month, 1) < self.end:
            labels.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return labels

    @property
    def kind(self) -> str:
        return "quarter" if "Q" in self.label else "half" if "H" in self.label else "year"

    def shifted(self, by: int) -> "Period":
        size = KINDS[self.kind]
        index = (self.start.year * 12 + self.start.month - 1) + by * size
        return period_starting(index // 12, index % 12 + 1, self.kind)

    def elapsed_share(self, today: date) -> float:
        """How much of the period is behind us: 0 before it starts, 1 once it is over."""
        if today <= self.start:
            return 0.0
        if today >= self.end:
            return 1.0
        return (today - self.start).days / (self.end - self.start).days


def parse_period(text: str) -> Period:
    """"2026-Q4", "2026-H2" or "2026"; ValueError for anything else."""
    match = _LABEL.match((text or "").strip().upper())
    if not match:
        raise ValueError(text)
    year, part = int(match.group(1)), match.group(2)
    if not 2000 <= year <= 2200:
        raise ValueError(text)
    if part is None:
        return period_starting(year, 1, "year")
    number = int(part[1])
    kind = "quarter" if part[0] == "Q" else "half"
    return period_starting(year, (number - 1) * KINDS[kind] + 1, kind)


def period_starting(year: int, month: int, kind: str) -> Period:
    size = KINDS[kind]
    first = (month - 1) // size * size + 1
    after = first + size
    end = date(year + 1, 1, 1) if after > 12 else date(year, after, 1)
    label = (f"{year}-Q{(first - 1) // 3 + 1}" if kind == "quarter"
             else f"{year}-H{(first - 1) // 6 + 1}" if kind == "half" else f"{year}")
    return Period(label, date(year, first, 1), end)


def period_of(day: date, kind: str = "quarter") -> Period:
    return period_starting(day.year, day.month, kind)
