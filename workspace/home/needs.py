"""What needs me now: each area registers providers (`areas.add_home`); home shows them."""

from dataclasses import dataclass


@dataclass
class Need:
    title: str
    items: list[tuple[str, str]]  # label, url
    total: int
    more_url: str
