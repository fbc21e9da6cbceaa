"""How each recorded verb reads in the feed, in the reader's language."""

from workspace.i18n import N_, fast_gettext

VERBS = {
    "created": N_("created"),
    "edited": N_("edited"),
    "restored": N_("restored an earlier version of"),
    "commented": N_("commented on"),
    "approved": N_("approved"),
    "rejected": N_("asked for changes to"),
    "deprecated": N_("deprecated"),
    "reinstated": N_("reinstated"),
    "proposed": N_("proposed"),
    "signed": N_("signed"),
    "withdrew": N_("withdrew"),
    "handed over": N_("handed over"),
    "rated": N_("rated"),
    "won": N_("won"),
    "lost": N_("lost"),
    "changed credit": N_("changed the credit for"),
}


def verb_label(verb: str) -> str:
    return fast_gettext(VERBS.get(verb, verb))
