"""The agreement log: each SLA event appended as canonical JSON, linked by SHA-256 to the one
before it. The body format and the link are frozen: changing them breaks every existing log.
"""

import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import select, text

from workspace.extensions import db
from workspace.sla.models import AgreementEvent, AgreementVersion

GENESIS = "0" * 64
EVENTS = ("proposed", "signed", "withdrawn", "took_effect")


def moment(at: datetime | None) -> str | None:
    """A time as the log writes it: UTC, to the microsecond."""
    return at.astimezone(UTC).isoformat(timespec="microseconds") if at else None


def entry_body(position: int, event: str, version_number: int, content_hash: str | None,
               at: datetime, by: str | None = None, team: str | None = None, **extra) -> str:
    fields = {"position": position, "event": event, "version": version_number,
              "content_hash": content_hash, "at": moment(at), "by": by, "team": team, **extra}
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def link_hash(prev_hash: str, body: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def append(event: str, version: AgreementVersion, at: datetime, by=None, team: str | None = None,
           bound_hash: str | None = None, **extra) -> AgreementEvent:
    """Inside a write unit: the next entry after the last one, which no other writer can take."""
    _lock_the_log()
    last = db.session.execute(select(AgreementEvent.position, AgreementEvent.entry_hash)
                              .order_by(AgreementEvent.position.desc()).limit(1)).first()
    position, prev_hash = (last.position + 1, last.entry_hash) if last else (1, GENESIS)
    body = entry_body(position, event, version.number, bound_hash or version.content_hash, at,
                      by.email if by else None, team, **extra)
    entry = AgreementEvent(position=position, event=event, version_number=version.number,
                           body=body, prev_hash=prev_hash, entry_hash=link_hash(prev_hash, body))
    db.session.add(entry)
    db.session.flush()
    return entry


def _lock_the_log() -> None:
    # SQLite's write unit already holds the one write lock; PostgreSQL's writers queue here.
    if db.session.connection().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(1936482672)"))


def entries() -> list[AgreementEvent]:
    return list(db.session.scalars(select(AgreementEvent).order_by(AgreementEvent.position)))
