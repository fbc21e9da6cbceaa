"""The kinds of shared document, so comments, activity, follows and presence can point at any.

An area registers its document types in its `init_area`; the mechanisms store (type name, id)
and ask the registry for the page address, the label, the text searched for glossary terms,
how its activity verbs and notification kinds read, and whether a request still waits.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from workspace.extensions import db


@dataclass(frozen=True)
class DocumentType:
    name: str
    area: str
    model: type
    url: Callable[[object], str]
    label: Callable[[object], str]
    # The address comparing two revisions, for revisioned types: (document, a, b) -> url.
    compare_url: Callable[[object, int, int], str] | None = None
    # The text searched for glossary terms (their "where used"); None: not searched.
    text: Callable[[object], str] | None = None
    # Activity verbs of this type as the feed reads them: verb -> N_() text.
    verbs: dict[str, str] = field(default_factory=dict)
    # Notification kinds of this type: kind -> N_() text with %(actor)s and %(target)s.
    notifications: dict[str, str] = field(default_factory=dict)
    # For a "waiting" request: user -> SQL condition on Notification.target_id that holds while
    # the document still waits on that user (signing, approving).
    still_waiting_on: Callable | None = None


def _types() -> dict[str, DocumentType]:
    from workspace.areas import registry

    return registry().documents


def document_types() -> list[DocumentType]:
    return list(_types().values())


def document_type(name: str) -> DocumentType | None:
    return _types().get(name)


def type_of(document) -> DocumentType:
    for doc_type in _types().values():
        if isinstance(document, doc_type.model):
            return doc_type
    raise LookupError(f"{type(document).__name__} is not a registered document type")


def find_document(type_name: str, document_id: int):
    doc_type = _types().get(type_name)
    return db.session.get(doc_type.model, document_id) if doc_type else None


def document_url(type_name: str, document_id: int) -> str | None:
    """The page of a document now (its address may have changed since it was mentioned)."""
    document = find_document(type_name, document_id)
    return _types()[type_name].url(document) if document is not None else None


def link_to(type_name: str, document_id: int) -> str:
    """A stable link for feeds and notifications that costs no query to build."""
    from flask import url_for

    return url_for("activity.go", type_name=type_name, document_id=document_id)
