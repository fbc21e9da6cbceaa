"""Notices computed when read (a deadline near or missed), never stored, no background job.

Areas append a provider: user -> list of (message, url). They add to the unread count.
"""

from collections.abc import Callable

DERIVED: list[Callable[[object], list[tuple[str, str]]]] = []


def derived_notices(user) -> list[tuple[str, str]]:
    return [notice for provider in DERIVED for notice in provider(user)]
