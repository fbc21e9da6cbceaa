"""Versioned documents: a parent row plus immutable revisions, saved by compare-and-swap.

A document type mixes in `Revisioned`, names its `revision_fields` (the snapshot) and which of
them are `long_text` (merged line by line), and gets a revision table of its own:

    class Note(Revisioned, db.Model): ...
    class NoteRevision(RevisionMixin, db.Model):
        document_id = mapped_column(ForeignKey("notes.id"))
    Note.revision_model = NoteRevision
"""

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint, inspect, select, update
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from workspace import clock
from workspace.columns import UTCDateTime
from workspace.diffing import FieldChange, Merge, compare, merge
from workspace.extensions import db


class RevisionMixin:
    """One immutable snapshot of a document: never updated, never deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int]
    snapshot: Mapped[dict[str, Any]] = mapped_column(db.JSON)
    summary: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    document_id: Mapped[int]

    @declared_attr
    def author_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def author(cls):
        return relationship("User", foreign_keys=[cls.author_id], lazy="joined")

    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint("document_id", "number"),)


class Revisioned:
    revision_fields: ClassVar[tuple[str, ...]]
    long_text: ClassVar[frozenset[str]] = frozenset()
    revision_model: ClassVar[type]

    current_revision: Mapped[int] = mapped_column(default=0)

    def snapshot(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.revision_fields}


class StaleSave(Exception):
    """Someone saved in between; nothing was written. Carries what the conflict view shows."""

    def __init__(self, document, base: "Any", current: "Any", mine: dict, merged: Merge):
        super().__init__(f"revision {base.number} is no longer current")
        self.document, self.base, self.current = document, base, current
        self.mine, self.merged = mine, merged

    @property
    def their_changes(self) -> list[FieldChange]:
        return compare(self.base.snapshot, self.current.snapshot, self.document.revision_fields)


def create_document(document, author, summary: str = ""):
    """Add a new document with its first revision."""
    document.current_revision = 1
    db.session.add(document)
    db.session.flush()
    _append_revision(document, 1, author, summary)
    return document


def save_revision(document, changes: dict, base_number: int, author, summary: str = ""):
    """Apply `changes` made from revision `base_number`; StaleSave if that is no longer current.

    Saving what is already there adds no revision. The caller runs this inside `write_unit()`
    (so SQLite takes the write lock before the compare-and-swap) and commits.
    """
    unknown = set(changes) - set(document.revision_fields)
    if unknown:
        raise ValueError(f"not revisioned fields: {sorted(unknown)}")
    changes = _typed(type(document), changes)
    if document.current_revision == base_number and all(
            getattr(document, name) == value for name, value in changes.items()):
        return revision(document, base_number)  # nothing changed: no empty revision
    new_number = base_number + 1
    model = type(document)
    result = db.session.execute(
        update(model).where(model.id == document.id, model.current_revision == base_number)
        .values(current_revision=new_number, **changes)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise _stale(document, base_number, changes)
    db.session.refresh(document)
    return _append_revision(document, new_number, author, summary)


def restore_revision(document, number: int, author):
    """Restoring adds a new revision with the old content; history keeps everything."""
    old = revision(document, number)
    if old is None:
        raise LookupError(number)
    return save_revision(document, dict(old.snapshot), document.current_revision, author,
                         summary=f"restored revision {number}")


def revision(document, number: int):
    model = document.revision_model
    return db.session.scalar(select(model).where(model.document_id == document.id,
                                                 model.number == number))


def history(document) -> list:
    model = document.revision_model
    return list(db.session.scalars(select(model).where(model.document_id == document.id)
                                   .order_by(model.number.desc())))


def changes_between(document, old_number: int, new_number: int) -> list[FieldChange]:
    old, new = revision(document, old_number), revision(document, new_number)
    if old is None or new is None:
        raise LookupError((old_number, new_number))
    return compare(old.snapshot, new.snapshot, document.revision_fields)


def _append_revision(document, number: int, author, summary: str):
    entry = document.revision_model(document_id=document.id, number=number,
                                    snapshot=_json(document.snapshot()),
                                    author_id=author.id if author else None,
                                    summary=(summary or "")[:200])
    db.session.add(entry)
    db.session.flush()
    return entry


def _stale(document, base_number: int, mine: dict) -> StaleSave:
    db.session.refresh(document)
    current = revision(document, document.current_revision)
    # An unknown base (a tampered form): compare with what is saved now.
    base = revision(document, base_number) or current
    full_mine = {**base.snapshot, **_json(mine)}
    merged = merge(base.snapshot, full_mine, current.snapshot, document.revision_fields,
                   document.long_text)
    return StaleSave(document, base, current, full_mine, merged)


def _json(values: dict) -> dict:
    """Snapshots hold JSON: lists stay lists, days are ISO strings, the rest as stored."""
    return {key: list(value) if isinstance(value, tuple) else value.isoformat()
            if isinstance(value, date) else value for key, value in values.items()}


def _typed(model, values: dict) -> dict:
    """Values from a snapshot (a restore, a merge) back in their columns' types."""
    columns = inspect(model).columns
    return {key: date.fromisoformat(value) if isinstance(value, str) and key in columns
            and isinstance(columns[key].type, Date) else value for key, value in values.items()}


def start_editing(form, document) -> None:
    """An edit form opened on a document: it saves against the revision shown now, and an
    edit prompted from elsewhere (a meeting's decision) starts its summary from that."""
    from workspace.documents import edit_origin

    form.base_revision.data = document.current_revision
    origin = edit_origin(document)
    if origin is not None and not form.summary.data:
        form.summary.data = origin.summary


def submitted_base(form) -> int:
    """The revision an edit form was based on; anything but a number counts as none (0), so a
    tampered field makes a conflict view, never a server error."""
    text = str(form.base_revision.data or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else 0


def with_choices(document, values: dict, form, base_number: int) -> dict:
    """The conflict view's answers: a field marked "theirs" takes the saved value."""
    theirs = [name for name in document.revision_fields
              if form.get(f"resolve-{name}") == "theirs"]
    if not theirs:
        return values
    saved = revision(document, base_number)
    return {**values, **{name: saved.snapshot.get(name) for name in theirs}}


def history_page(document, a: int | None, b: int | None) -> dict:
    """What a history page shows: every revision, and the changes from a to b when both are
    chosen. LookupError when either does not exist."""
    changes = changes_between(document, a, b) if a and b else None
    return {"revisions": history(document), "changes": changes, "a": a, "b": b}
