"""Notices computed when read (a deadline near or missed), never stored, no background job;
and requests that resolve themselves.

Areas register notice providers (user -> list of (message, url)) with `areas.add_notices`; they
add to the unread count.

A stored notification of kind "waiting" asks its reader to act on a document (sign a version,
approve a term). It stays open only while the document still waits on that reader: the
document type's `still_waiting_on(user)` is an SQL condition on `Notification.target_id` saying
so. Once what it asked for is done (signed, approved, withdrawn, superseded, deprecated) it reads
"Done" and no longer counts as new, without anyone marking it read and without a background job.
"""

from sqlalchemy import ColumnElement, and_, false, or_

from workspace.areas import registry
from workspace.documents import document_types


def derived_notices(user) -> list[tuple[str, str]]:
    return [notice for provider in registry().notices for notice in provider(user)]


def request_done(user) -> ColumnElement[bool]:
    """SQL: a notification is a request (kind "waiting") whose document no longer waits on
    `user`. A request on a document type that says nothing counts as done."""
    from workspace.notifications.models import Notification

    still_open = [and_(Notification.target_type == doc_type.name, doc_type.still_waiting_on(user))
                  for doc_type in document_types() if doc_type.still_waiting_on]
    return and_(Notification.kind == "waiting", ~or_(false(), *still_open))
