"""How each recorded verb reads in the feed, in the reader's language."""

from flask_babel import lazy_gettext as _l

VERBS = {
    "created": _l("created"),
    "edited": _l("edited"),
    "restored": _l("restored an earlier version of"),
    "commented": _l("commented on"),
    "approved": _l("approved"),
    "rejected": _l("asked for changes to"),
    "deprecated": _l("deprecated"),
    "proposed": _l("proposed"),
    "signed": _l("signed"),
    "withdrew": _l("withdrew"),
}


def verb_label(verb: str) -> str:
    return str(VERBS.get(verb, verb))
