"""The areas in the navigation. An area appends itself when it lands; none is a placeholder."""

from dataclasses import dataclass

from flask_babel import LazyString


@dataclass(frozen=True)
class NavArea:
    endpoint: str
    label: LazyString
    prefix: str


AREAS: list[NavArea] = []
