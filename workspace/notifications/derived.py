"""Notices computed when read (a deadline near or missed), never stored, no background job;
and requests that resolve themselves.

Areas append a provider to DERIVED: user -> list of (message, url). They add to the unread count.

A stored notification of kind "waiting" asks its reader to act on a document (sign a version,
approve a term). It stays open only while the document still waits on that reader: each area
registers, per document type, an SQL condition on `Notification.target_id` saying so. Once what
it asked for is done (signed, approved, withdrawn, superseded, deprecated) it reads "Done" and
no longer counts as new, without anyone marking it read and without a background job.
"""

from collections.abc import Callable

from sqlalchemy import ColumnElement, and_, false, or_

DERIVED: list[Callable[[object], list[tuple[str, str]]]] = []
WAITING_ON: dict[str, Callable[[object], ColumnElement[bool]]] = {}


def derived_notices(user) -> list[tuple[str, str]]:
    return [notice for provider in DERIVED for notice in provider(user)]


def request_done(user) -> ColumnElement[bool]:
    """SQL: a notification is a request (kind "waiting") whose document no longer waits on
    `user`. A request on a document type nobody registered counts as done."""
    from workspace.notifications.models import Notification

    still_open = [and_(Notification.target_type == type_name, condition(user))
                  for type_name, condition in WAITING_ON.items()]
    return and_(Notification.kind == "waiting", ~or_(false(), *still_open))
