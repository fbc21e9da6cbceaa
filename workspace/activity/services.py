"""Recording activity. Services call `record()` in the same transaction as the change itself."""

from sqlalchemy import select

from workspace.activity.models import ActivityEntry
from workspace.auth.models import User
from workspace.documents import type_of
from workspace.extensions import db

FEED_SIZE = 30


def record(actor: User | None, verb: str, document) -> ActivityEntry:
    entry = _entry(actor, verb, document)
    db.session.add(entry)
    return entry


def record_each(actor: User | None, verb: str, documents: list) -> None:
    """The same verb on many documents, written in one statement: for batches."""
    from workspace.database import insert_all

    insert_all([_entry(actor, verb, document) for document in documents])


def _entry(actor: User | None, verb: str, document) -> ActivityEntry:
    doc_type = type_of(document)
    return ActivityEntry(actor_id=actor.id if actor else None,
                         team=actor.team if actor else None, verb=verb, area=doc_type.area,
                         target_type=doc_type.name, target_id=document.id,
                         target_label=doc_type.label(document)[:200])


def recent_activity(area: str | None = None, team: str | None = None,
                    limit: int = FEED_SIZE) -> list[ActivityEntry]:
    """Newest first, one query whatever the filters."""
    query = select(ActivityEntry).order_by(ActivityEntry.created_at.desc(),
                                           ActivityEntry.id.desc()).limit(limit)
    if area:
        query = query.where(ActivityEntry.area == area)
    if team:
        query = query.where(ActivityEntry.team == team)
    return list(db.session.scalars(query))
