"""How a notification reads, in the reader's language.

The kinds of the shared mechanisms are here; each document type brings its own
(DocumentType.notifications), so a new area adds its wording without editing this file.
"""

from flask_babel import gettext

from workspace.i18n import N_

SHARED_KINDS = {
    "mention": N_("%(actor)s mentioned you on %(target)s"),
    "reply": N_("%(actor)s replied to your comment on %(target)s"),
    "comment": N_("%(actor)s commented on %(target)s"),
    "change": N_("%(actor)s changed %(target)s"),
}
ANY_KIND = N_("%(actor)s needs you on %(target)s")


def describe(kind: str, actor: str, target: str, target_type: str = "") -> str:
    from workspace.documents import document_type

    doc_type = document_type(target_type) if target_type else None
    text = (doc_type.notifications.get(kind) if doc_type else None) or SHARED_KINDS.get(
        kind, ANY_KIND)
    # Flask-Babel's gettext, not the per-request one: mail is worded in the recipient's language.
    return gettext(text, actor=actor, target=target)
