"""The kinds of shared document, so comments, activity, follows and presence can point at any.

An area registers its document types once; the mechanisms store (type name, id) and ask the
registry for the page address and the label.
"""

from collections.abc import Callable
from dataclasses import dataclass

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


_TYPES: dict[str, DocumentType] = {}


def register_document_type(doc_type: DocumentType) -> None:
    _TYPES[doc_type.name] = doc_type


def document_type(name: str) -> DocumentType | None:
    return _TYPES.get(name)


def type_of(document) -> DocumentType:
    for doc_type in _TYPES.values():
        if isinstance(document, doc_type.model):
            return doc_type
    raise LookupError(f"{type(document).__name__} is not a registered document type")


def find_document(type_name: str, document_id: int):
    doc_type = _TYPES.get(type_name)
    return db.session.get(doc_type.model, document_id) if doc_type else None


def document_url(type_name: str, document_id: int) -> str | None:
    """The page of a document now (its address may have changed since it was mentioned)."""
    document = find_document(type_name, document_id)
    return _TYPES[type_name].url(document) if document is not None else None


def link_to(type_name: str, document_id: int) -> str:
    """A stable link for feeds and notifications that costs no query to build."""
    from flask import url_for

    return url_for("activity.go", type_name=type_name, document_id=document_id)
