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
    # Who may see a document: (document, user) -> bool; None: everyone signed in. The shared
    # mechanisms reached by (type, id) answer 404 otherwise, and lists leave it out.
    may_see: Callable[[object, object], bool] | None = None

    def visible(self, document, user) -> bool:
        return self.may_see is None or bool(self.may_see(document, user))


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


def hidden_documents_not_found():
    """Before a request to any shared mechanism addressed by (type_name, document_id) —
    comments, presence, follows, the activity links: a document the reader may not see
    answers as if it did not exist."""
    from flask import abort, request
    from flask_login import current_user

    args = request.view_args or {}
    doc_type = _types().get(args.get("type_name")) if "document_id" in args else None
    if doc_type is None or doc_type.may_see is None or not current_user.is_authenticated:
        return None
    document = db.session.get(doc_type.model, args["document_id"])
    if document is not None and not doc_type.visible(document, current_user):
        abort(404)
    return None


def link_to(type_name: str, document_id: int) -> str:
    """A stable link for feeds and notifications that costs no query to build."""
    from flask import url_for

    return url_for("activity.go", type_name=type_name, document_id=document_id)


@dataclass(frozen=True)
class Backlink:
    """A place elsewhere that concerns a document: a meeting's decision about a term."""

    text: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class EditOrigin:
    """Why an edit was opened: the notice on the edit page and the summary it starts from."""

    notice: str
    summary: str
    url: str


def backlinks(document) -> list[Backlink]:
    from flask_login import current_user

    from workspace.areas import registry

    return [link for provider in registry().backlinks for link in provider(document,
                                                                           current_user)]


def edit_origin(document) -> EditOrigin | None:
    from workspace.areas import registry

    return next((found for provider in registry().edit_origins
                 if (found := provider(document)) is not None), None)
