"""How each recorded verb reads in the feed, in the reader's language.

The verbs of the shared mechanisms are here; each document type brings its own (DocumentType.verbs).
"""

from workspace.i18n import N_, fast_gettext

SHARED_VERBS = {
    "created": N_("created"),
    "edited": N_("edited"),
    "restored": N_("restored an earlier version of"),
    "commented": N_("commented on"),
}


def verb_label(verb: str, type_name: str | None = None) -> str:
    from workspace.documents import document_type, document_types

    doc_type = document_type(type_name) if type_name else None
    text = (doc_type.verbs.get(verb) if doc_type else None) or SHARED_VERBS.get(verb) or next(
        (t.verbs[verb] for t in document_types() if verb in t.verbs), verb)
    return fast_gettext(text)
