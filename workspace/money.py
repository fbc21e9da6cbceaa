"""Money is stored as integer cents of the workspace currency; this is the one conversion."""

from decimal import ROUND_HALF_UP, Decimal


def to_cents(amount: Decimal | int | float | str) -> int:
    """An amount in major units as whole cents, half a cent rounding up (12.345 -> 1235)."""
    return int((Decimal(str(amount)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_major(cents: int | None) -> float | None:
    """Cents as major units for JSON and spreadsheets (1235 -> 12.35)."""
    return None if cents is None else cents / 100
