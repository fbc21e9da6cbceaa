"""How a notification reads, in the reader's language."""

from flask_babel import gettext as _


def describe(kind: str, actor: str, target: str, target_type: str = "") -> str:
    if kind == "mention":
        return _("%(actor)s mentioned you on %(target)s", actor=actor, target=target)
    if kind == "reply":
        return _("%(actor)s replied to your comment on %(target)s", actor=actor, target=target)
    if kind == "comment":
        return _("%(actor)s commented on %(target)s", actor=actor, target=target)
    if kind == "change":
        return _("%(actor)s changed %(target)s", actor=actor, target=target)
    if kind == "assigned":
        return _("%(actor)s handed you a new lead: %(target)s", actor=actor, target=target)
    if kind == "feedback":
        return _("%(actor)s gave feedback on %(target)s", actor=actor, target=target)
    if kind == "waiting" and target_type == "agreement":
        return _("%(actor)s asks for your signature on %(target)s", actor=actor, target=target)
    if kind == "waiting" and target_type == "term":
        return _("%(actor)s asks for your approval of %(target)s", actor=actor, target=target)
    return _("%(actor)s needs you on %(target)s", actor=actor, target=target)
