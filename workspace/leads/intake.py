"""One intake for leads, whichever way they arrive (form, CSV import, API): clean the values,
match a lead already known, judge it by the SLA in force at its hand-off, pick the next rep."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from flask_babel import gettext
from sqlalchemy import select

from workspace import clock
from workspace.auth.models import User
from workspace.extensions import db
from workspace.i18n import N_
from workspace.leads.models import Lead
from workspace.text import CONTROL_CHARACTERS

# The most characters each text field keeps, for every way in.
TEXT_LIMITS = {"external_id": 100, "company": 200, "contact_name": 200, "email": 254,
               "phone": 50, "industry": 100, "country": 100, "source": 100, "campaign": 200}
# What people write about a lead (an attempt's note, a rating's comment, why a deal was lost).
NOTE_LIMITS = {"note": 2000, "comment": 2000, "lost_reason": 500}
# Money columns hold 32-bit integers of cents: at most about 21 million in major units.
MAX_MONEY = Decimal(20_000_000)
# The amounts, kept to the cent.
MONEY, CENT = ("marketing_budget_monthly", "deal_value"), Decimal("0.01")
# The smallest and largest value each number may take (money in major units).
NUMBER_RANGES = {"employees": (0, 10_000_000), "marketing_budget_monthly": (0, MAX_MONEY),
                 "deal_value": (0, MAX_MONEY)}
# No CRM holds leads from before this; pages compute ages and months from these times.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
# The stored times of a lead, and how far past the server's clock they may be: a day, for a
# date-only value read in a zone ahead of ours or a CRM whose clock is off; a hand-off dated
# 2099 is refused.
TIMES = ("last_engaged_at", "handed_over_at", "closed_at")
AHEAD = timedelta(days=1)
# Control characters other than tab and line breaks: not text (PostgreSQL refuses NUL).
_CONTROL = CONTROL_CHARACTERS  # one definition, workspace.text


@dataclass(frozen=True)
class Refusal:
    """A value no lead may hold, found by the one check of its kind. The message is marked
    with N_(): pages and CSV reports translate it, the API answers it in English."""

    field: str
    message: str
    values: dict

    def english(self) -> str:
        return self.message % self._shown(lambda number: f"{number:,}")

    def translated(self) -> str:
        """In the reader's language, numbers in its format too ("10.000.000" in Spanish)."""
        from flask_babel import format_decimal

        return gettext(self.message, **self._shown(format_decimal))

    def _shown(self, number_format) -> dict:
        """A number the message shows as text (`%(high)s`) formatted; `%(n)d` ones as they are."""
        return {key: number_format(value) if isinstance(value, int)
                and f"%({key})s" in self.message else value
                for key, value in self.values.items()}


def clean(values: dict) -> dict:
    """Text fields as stored: trimmed; email lower case; industry and country case-folded (the
    MQL rules compare them so); no external id rather than an empty one."""
    text = {name: str(values.get(name) or "").strip() for name in TEXT_LIMITS}
    text["external_id"] = text["external_id"] or None
    text["email"] = text["email"].lower() or None
    text["industry"], text["country"] = text["industry"].casefold(), text["country"].casefold()
    return {**values, **text}


def refusals(values: dict) -> list[Refusal]:
    """Every text and time of a cleaned lead that cannot be stored or shown as it is. Numbers
    are checked by `number_refusal` as they are read, before they become cents."""
    found = text_refusals(values, TEXT_LIMITS)
    found += [refusal for name in TIMES if name in values
              for refusal in [time_refusal(name, values[name])] if refusal]
    return found


def text_refusals(values: dict, limits: dict[str, int]) -> list[Refusal]:
    """Texts longer than their field allows, or holding control characters."""
    found = []
    for name, limit in limits.items():
        text = values.get(name)
        if not isinstance(text, str) or not text:
            continue
        if len(text) > limit:
            found.append(Refusal(name, N_("At most %(n)d characters."), {"n": limit}))
        elif _CONTROL.search(text):
            found.append(Refusal(name, N_("Remove the control characters (such as NUL) from "
                                          "this text."), {}))
    return found


def number_refusal(name: str, value: int | Decimal | float | None) -> Refusal | None:
    """A number outside its range (or not a number at all: NaN, infinity)."""
    if value is None:
        return None
    low, high = NUMBER_RANGES[name]
    if isinstance(value, bool) or not Decimal(value).is_finite() or not low <= value <= high:
        return Refusal(name, N_("A number from %(low)s to %(high)s."), {"low": low, "high": high})
    exact = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if name in MONEY and exact != exact.quantize(CENT):
        # 0.001 would be stored as 0 cents: said, not rounded away
        return Refusal(name, N_("At most two decimals: amounts are kept to the cent."), {})
    return None


def time_refusal(name: str, moment: datetime | None) -> Refusal | None:
    """A time before 2000 or later than now allows, which no page could show sensibly."""
    if moment is None:
        return None
    latest = clock.now() + AHEAD
    if not EARLIEST <= moment <= latest:
        return Refusal(name, N_("A date from %(earliest)s to %(latest)s."),
                       {"earliest": EARLIEST.date().isoformat(),
                        "latest": latest.date().isoformat()})
    return None


def match_existing(rows: list[dict]) -> list[Lead | None]:
    """For each row, the lead it re-sends: by external id, else by email. Two queries."""
    by_external = _leads_by(Lead.external_id, [row.get("external_id") for row in rows])
    by_email = _leads_by(Lead.email, [row.get("email") for row in rows])
    return [by_external.get(row.get("external_id")) or by_email.get(row.get("email"))
            for row in rows]


def _leads_by(column, values: list) -> dict:
    wanted = {value for value in values if value}
    if not wanted:
        return {}
    found = db.session.scalars(select(Lead).where(column.in_(wanted)).order_by(Lead.id))
    return {getattr(lead, column.key): lead for lead in found}


def active_reps() -> list[User]:
    """Who new leads go to: joined, active sales members, in a stable order."""
    return list(db.session.scalars(select(User).where(
        User.team == "sales", User.role == "member", User.kind == "person",
        User.deactivated_at.is_(None), User.joined_at.is_not(None)).order_by(User.id)))


class Rotation:
    """Round-robin among the active reps, starting after whoever got the latest lead."""

    def __init__(self):
        self.reps = active_reps()
        last = db.session.scalar(select(Lead.assigned_to_id).where(
            Lead.assigned_to_id.is_not(None)).order_by(Lead.id.desc()).limit(1))
        self.start = next((i for i, rep in enumerate(self.reps) if last is None or rep.id > last),
                          0)

    def next_rep(self, position: int = 0) -> User | None:
        """The rep for the lead at this position among those being handed over together."""
        return self.reps[(self.start + position) % len(self.reps)] if self.reps else None
