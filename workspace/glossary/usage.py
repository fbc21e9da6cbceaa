"""Where each term is used: recomputed from a document's text whenever it is saved.

Areas call `record_usage(document)` in their save services; the text searched is what the
document type's `text` gives. A new or renamed term is looked for in every such document once,
through `reindex_all`.
"""

from sqlalchemy import delete, select

from workspace.documents import document_type, document_types, type_of
from workspace.extensions import db
from workspace.glossary.linking import TermMatcher, current_matcher, terms_mentioned
from workspace.glossary.models import Term, TermMention


def record_usage(document, matcher: TermMatcher | None = None) -> None:
    doc_type = type_of(document)
    slugs = terms_mentioned(doc_type.text(document) or "", matcher or current_matcher())
    skip = document.slug if isinstance(document, Term) else None
    ids = set(db.session.scalars(select(Term.id).where(Term.slug.in_(slugs - {skip}))))
    db.session.execute(delete(TermMention).where(TermMention.target_type == doc_type.name,
                                                 TermMention.target_id == document.id))
    db.session.add_all(TermMention(term_id=i, target_type=doc_type.name, target_id=document.id)
                       for i in ids)


def reindex_all() -> None:
    """Look for every term in every indexed document (a new or renamed term needs this)."""
    db.session.flush()
    matcher = current_matcher()
    for doc_type in document_types():
        if doc_type.text is None:
            continue
        for document in db.session.scalars(select(doc_type.model)):
            record_usage(document, matcher)


def where_used(term: Term, reader=None) -> list[tuple[str, str, int]]:
    """(label, type name, id) of the documents mentioning the term that the reader may see
    (a heads' one-on-one is its attendees'): one query per type."""
    rows = db.session.execute(select(TermMention.target_type, TermMention.target_id)
                              .where(TermMention.term_id == term.id)).all()
    found = []
    for type_name in sorted({t for t, _ in rows}):
        doc_type = document_type(type_name)
        ids = [i for t, i in rows if t == type_name]
        for document in db.session.scalars(select(doc_type.model).where(
                doc_type.model.id.in_(ids))):
            if reader is not None and not doc_type.visible(document, reader):
                continue
            found.append((doc_type.label(document), type_name, document.id))
    return sorted(found)
