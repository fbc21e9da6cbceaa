"""What needs me now: each area appends a provider; home shows what they return."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Need:
    title: str
    items: list[tuple[str, str]]  # label, url
    total: int
    more_url: str


NEEDS: list[Callable[[object], Need | None]] = []
