"""From a meeting's decision to the document it changes, and back.

A decision may concern a glossary term, an SLA version or a goal. "Open an amendment" opens the
term's or goal's editor, or drafts an amendment of the SLA in force (joining the draft already
amending it, so nobody starts a rival) and points the decision at that draft. The editor says
which decision prompted it and starts its summary from it; the document's page lists the
decisions about it ("decided in the weekly sync of 24 Nov"), each to the reader who may see
its meeting.
"""

from flask import request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import or_, select

from workspace.database import write_unit
from workspace.documents import Backlink, EditOrigin, type_of
from workspace.extensions import db
from workspace.meetings.models import PRIVATE_KIND, Attendee, Decision, Meeting
from workspace.urls import bounded_int

# The decision's column for each document type it may concern.
COLUMNS = {"term": Decision.term_id, "agreement": Decision.agreement_version_id,
           "goal": Decision.goal_id}
SHOWN = 10


def amendment_url(decision: Decision) -> str | None:
    """Where "open an amendment" goes: the editor (a term, a goal, an SLA draft) or, for an
    SLA version that can no longer change, the action that drafts its amendment."""
    if decision.term is not None:
        return url_for("glossary.edit", slug=decision.term.slug, decision=decision.id)
    if decision.goal is not None:
        return url_for("goals.edit", goal_id=decision.goal.id, decision=decision.id)
    if decision.agreement_version is not None and decision.agreement_version.status == "draft":
        return url_for("sla.edit", number=decision.agreement_version.number,
                       decision=decision.id)
    return None  # a signed or proposed version: amend_agreement drafts its amendment


def amend_agreement(decision: Decision, head):
    """The draft amending the SLA in force (or the version the decision names), made if none
    is open yet; the decision then concerns that draft. Refused (PermissionError) to anyone
    but a department head, as drafting is."""
    from workspace.sla import services as sla

    amends = sla.version_in_force() or decision.agreement_version
    draft = sla.open_draft(amends) or sla.draft_version(head, amends)
    with write_unit():
        decision.agreement_version_id = draft.id
    return draft


def decided_in(document, user) -> list[Backlink]:
    """The decisions about a document, newest first, from meetings the reader may see."""
    column = COLUMNS.get(type_of(document).name)
    if column is None:
        return []
    attends = select(Attendee.meeting_id).where(Attendee.user_id == user.id)
    query = select(Decision).join(Meeting, Meeting.id == Decision.meeting_id).where(
        column == document.id)
    if not getattr(user, "is_admin", False):
        query = query.where(or_(Meeting.kind != PRIVATE_KIND, Meeting.id.in_(attends)))
    decisions = db.session.scalars(query.order_by(Meeting.starts_at.desc(), Decision.id.desc())
                                   .limit(SHOWN))
    return [Backlink(decision.text, url_for("meetings.show", meeting_id=decision.meeting_id,
                                            _anchor=f"decision-{decision.id}"),
                     _where(decision.meeting)) for decision in decisions]


def amending_origin(document) -> EditOrigin | None:
    """The decision an editor was opened from (`?decision=`), if it concerns this document
    and the reader may see its meeting."""
    from flask_login import current_user

    decision = db.session.get(Decision, request.args.get("decision", type=bounded_int) or 0)
    if decision is None or decision.concerns is not document or \
            not decision.meeting.visible_to(current_user):
        return None
    where = _where(decision.meeting)
    return EditOrigin(_("You are amending this as decided in %(where)s: “%(decision)s”",
                        where=where, decision=decision.text),
                      _("As decided in %(where)s", where=where)[:200],
                      url_for("meetings.show", meeting_id=decision.meeting_id,
                              _anchor=f"decision-{decision.id}"))


def _where(meeting: Meeting) -> str:
    """ "the Weekly sync of 24 Nov 2026" in the reader's language and zone."""
    return _("%(meeting)s of %(day)s", meeting=meeting.title,
             day=format_date(meeting.starts_at, "medium"))


def concern_of(decision: Decision) -> tuple[str, str] | None:
    """(label, page) of what the decision is about, as the document's own type names it."""
    document = decision.concerns
    if document is None:
        return None
    doc_type = type_of(document)
    return doc_type.label(document), doc_type.url(document)
