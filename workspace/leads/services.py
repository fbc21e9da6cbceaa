"""Verbs of the lead loop: hand over (qualify, assign), log attempts, rate, close, reassign."""

from datetime import datetime, timedelta

from flask_babel import gettext as _

from workspace import clock
from workspace.auth.models import User
from workspace.database import lock_and_refresh, write_unit
from workspace.extensions import db
from workspace.leads.intake import Rotation, active_reps
from workspace.leads.models import (
    ATTRIBUTIONS,
    CHANNELS,
    OUTCOMES,
    REASON_CODES,
    VERDICTS,
    ContactAttempt,
    Lead,
    Rating,
)
from workspace.notifications.services import follow, notify
from workspace.permissions import Action, can
from workspace.sla.in_force import Unverified, VersionsInForce
from workspace.sla.rules import check
from workspace.text import has_control_characters

LEAD_FIELDS = ("external_id", "company", "contact_name", "email", "phone", "employees",
               "marketing_budget_monthly", "industry", "country", "last_engaged_at", "source",
               "campaign")


class LeadRefused(Exception):
    pass


def judging_version(versions: VersionsInForce, handed: datetime):
    """The version that judges a lead handed over then; refused, with nothing saved, when the
    version in force does not prove itself (a tampered agreement judges no one)."""
    try:
        return versions.judge_at(handed)
    except Unverified as unverified:
        raise LeadRefused(str(unverified)) from unverified


class BelowMinimumAttempts(LeadRefused):
    """Disqualifying before the SLA's minimum attempts needs an explicit confirmation."""


def qualify(lead: Lead, version=None, looked_up: bool = False) -> None:
    """Judge the lead by the SLA version in force at its hand-off, and store its deadlines.

    Callers judging many leads pass the version they looked up themselves."""
    if not looked_up:
        version = judging_version(VersionsInForce(), lead.handed_over_at)
    values = {name: getattr(lead, name) for name in LEAD_FIELDS}
    for name, value in qualification(version, values, lead.handed_over_at).items():
        setattr(lead, name, value)


def qualification(version, values: dict, handed: datetime) -> dict:
    """The verdict, reasons and deadlines of a lead with these field values handed over at
    `handed` under `version` (None: no SLA in force, "not evaluated")."""
    if version is None:
        return {"is_mql": None, "sla_version": None, "reasons": [], "min_attempts": None,
                "first_contact_due_at": None, "feedback_due_at": None}
    qualifies, reasons = check(version.mql_rules, values, handed)
    return {"is_mql": qualifies, "sla_version": version.number,
            "reasons": [r.as_dict() for r in reasons], "min_attempts": version.min_attempts,
            "first_contact_due_at": handed + timedelta(minutes=version.first_contact_minutes),
            "feedback_due_at": handed + timedelta(hours=version.feedback_hours)}


def hand_over(by: User | None, fields: dict, assigned_to: User | None = None,
              handed_over_at: datetime | None = None) -> Lead:
    if by is not None and by.kind == "person" and not can(by, Action.HAND_OVER_LEADS):
        raise LeadRefused(_("Only marketing and the admin hand over leads."))
    from workspace.activity.services import record

    with write_unit():  # the rotation reads who got the latest lead: one hand-over at a time
        lead = Lead(**{k: v for k, v in fields.items() if k in LEAD_FIELDS},
                    handed_over_at=handed_over_at or clock.now(),
                    handed_over_by_id=by.id if by else None, status="new")
        qualify(lead)
        if assigned_to is not None and assigned_to not in active_reps():
            raise LeadRefused(_("Leads go to active sales reps only."))
        rep = assigned_to or Rotation().next_rep()
        lead.assigned_to_id = rep.id if rep else None
        db.session.add(lead)
        db.session.flush()
        if rep is not None:
            notify([rep], "assigned", by, lead, lead.company)
            follow(rep, lead)
        if by is not None and by.kind == "person":
            follow(by, lead)  # replies and feedback on it reach whoever handed it over
        record(by, "handed over", lead)
    return lead


def hand_over_many(by: User, batch: list[tuple[dict, User | None, datetime | None]]) -> list[Lead]:
    """Many new leads in a fixed number of statements (the API's batches of up to 1,000):
    the leads in one INSERT ... RETURNING, their notifications, follows and activity in one
    executemany each, and their monthly sums in one statement."""
    from sqlalchemy import insert
    from sqlalchemy.orm.attributes import set_committed_value

    from workspace.activity.services import record_each
    from workspace.database import insert_all
    from workspace.leads import stats
    from workspace.notifications.models import Follow
    from workspace.notifications.services import notify_each

    versions, rotation = VersionsInForce(), Rotation()
    by_id = {rep.id: rep for rep in rotation.reps}
    connection = db.session.connection()
    zone = stats.workspace_zone(connection)
    rows, turn = [], 0
    for fields, rep, handed in batch:
        values = {name: fields.get(name) for name in LEAD_FIELDS}
        handed = handed or clock.now()
        if rep is None:
            rep, turn = rotation.next_rep(turn), turn + 1
        if rep is not None:
            by_id[rep.id] = rep
        rows.append({**{k: v for k, v in fields.items() if k in LEAD_FIELDS},
                     "handed_over_at": handed, "handoff_month": stats.month_of(handed, zone),
                     "handed_over_by_id": by.id, "assigned_to_id": rep.id if rep else None,
                     "status": "new", "attempts_count": 0, "disqualified_below_minimum": False,
                     "lost_reason": "", "row_version": 1,
                     **qualification(judging_version(versions, handed), values, handed)})
    leads = list(db.session.scalars(insert(Lead).returning(Lead, sort_by_parameter_order=True),
                                    rows))
    stats.add(connection, Lead.id.in_([lead.id for lead in leads]))
    for lead in leads:  # loaded already: no query per lead when the answer names the rep
        set_committed_value(lead, "assigned_to", by_id.get(lead.assigned_to_id))
    assigned = [(by_id[lead.assigned_to_id], lead) for lead in leads if lead.assigned_to_id]
    notify_each("assigned", by, [(rep, lead, lead.company) for rep, lead in assigned])
    insert_all([Follow(user_id=rep.id, target_type="lead", target_id=lead.id)
                for rep, lead in assigned])
    record_each(by, "handed over", leads)
    return leads


def log_attempt(lead: Lead, rep: User, channel: str, outcome: str, note: str = "",
                at: datetime | None = None) -> ContactAttempt:
    _may_work(rep, lead)
    if channel not in CHANNELS or outcome not in OUTCOMES:
        raise LeadRefused(_("Choose a channel and an outcome from the lists."))
    at = at or clock.now()
    if at > clock.now() + timedelta(minutes=1):
        raise LeadRefused(_("An attempt cannot be in the future."))
    if at < lead.handed_over_at:
        raise LeadRefused(_("An attempt cannot be before the hand-off."))
    with write_unit():
        lock_and_refresh(lead)
        attempt = ContactAttempt(lead_id=lead.id, rep_id=rep.id, at=at, channel=channel,
                                 outcome=outcome, note=(note or "").strip())
        db.session.add(attempt)
        lead.attempts_count += 1
        if lead.first_attempt_at is None or at < lead.first_attempt_at:
            lead.first_attempt_at = at
        if lead.status == "new":
            lead.status = "working"
    return attempt


def rate(lead: Lead, rep: User, rating: int, verdict: str, reason: str, comment: str = "",
         confirm_below_minimum: bool = False) -> Rating:
    _may_work(rep, lead)
    if verdict not in VERDICTS or not 1 <= rating <= 5 or not _known_reason(reason):
        raise LeadRefused(_("Give a rating from 1 to 5, a verdict and a reason."))
    with write_unit():
        lock_and_refresh(lead)  # checks below see the latest lead
        if lead.status in ("won", "lost"):
            raise LeadRefused(_("A closed lead is not rated again."))
        below = verdict == "disqualified" and lead.attempts_count < (lead.min_attempts or 0)
        if below and not confirm_below_minimum:
            raise BelowMinimumAttempts(_(
                "The SLA asks for %(n)d attempts before disqualifying; this lead has %(done)d. "
                "Confirm to disqualify anyway; it will count as below the minimum.",
                n=lead.min_attempts, done=lead.attempts_count))
        now = clock.now()
        entry = Rating(lead_id=lead.id, rep_id=rep.id, at=now, rating=rating, verdict=verdict,
                       reason=reason, comment=(comment or "").strip())
        db.session.add(entry)
        lead.status, lead.rating = verdict, rating
        lead.first_rated_at = lead.first_rated_at or now
        lead.disqualified_below_minimum = below
        from workspace.activity.services import record

        record(rep, "rated", lead)
        if lead.handed_over_by_id:
            notify([db.session.get(User, lead.handed_over_by_id)], "feedback", rep, lead,
                   comment or reason)
    return entry


def close(lead: Lead, user: User, won: bool, deal_value: int | None = None,
          attribution: str | None = None, lost_reason: str = "",
          closed_at: datetime | None = None) -> Lead:
    _may_work(user, lead)
    if won and (deal_value is None or deal_value <= 0 or attribution not in ATTRIBUTIONS):
        raise LeadRefused(_("A won deal needs its value and who gets the credit."))
    if not won and not (lost_reason or "").strip():
        raise LeadRefused(_("Say why the deal was lost."))
    with write_unit():
        lock_and_refresh(lead)
        if lead.status != "accepted":
            raise LeadRefused(_("Only a lead accepted as SQL can be won or lost."))
        lead.status = "won" if won else "lost"
        lead.deal_value = deal_value if won else None
        lead.attribution = attribution if won else None
        lead.lost_reason = "" if won else (lost_reason or "").strip()
        lead.closed_at = closed_at or clock.now()
        from workspace.activity.services import record

        record(user, "won" if won else "lost", lead)
    return lead


def reassign(lead: Lead, head: User, rep: User) -> Lead:
    if not can(head, Action.REASSIGN_LEADS):
        raise LeadRefused(_("Only the head of sales reassigns leads."))
    if rep not in active_reps():
        raise LeadRefused(_("Leads go to active sales reps only."))
    from workspace.activity.services import record

    with write_unit():
        lock_and_refresh(lead)
        lead.assigned_to_id = rep.id
        notify([rep], "assigned", head, lead, lead.company)
        follow(rep, lead)
        record(head, "reassigned", lead)
    return lead


def _may_work(user: User, lead: Lead) -> None:
    if not can(user, Action.WORK_LEAD, lead):
        raise LeadRefused(_("Only the rep assigned to this lead, or the head of sales, can do "
                            "that."))


def _known_reason(reason: str) -> bool:
    return reason in REASON_CODES or reason.startswith("rule:")


CREDIT_REASON_LIMIT = 500


def _credit_words(attribution: str | None) -> str:
    """Who gets the credit, in the comment's language (it is stored as written)."""
    return {"marketing": _("marketing"), "sales": _("sales"),
            "both": _("both teams")}.get(attribution or "", "—")


def change_attribution(lead: Lead, head: User, attribution: str, reason: str) -> Lead:
    """Either head may change who gets the credit for a won deal; the reason stays in the
    lead's thread and the change in the activity feed."""
    if not can(head, Action.CHANGE_ATTRIBUTION):
        raise LeadRefused(_("Only the heads of marketing and sales change the credit."))
    if attribution not in ATTRIBUTIONS:
        raise LeadRefused(_("Choose marketing, sales or both for a won deal."))
    reason = (reason or "").strip()
    if not reason:
        raise LeadRefused(_("Say why the credit changes."))
    if len(reason) > CREDIT_REASON_LIMIT or has_control_characters(reason):
        # Checked before anything changes: the reason becomes a comment after the change.
        raise LeadRefused(_("Say why in at most %(n)d characters of plain text.",
                            n=CREDIT_REASON_LIMIT))
    with write_unit():
        lock_and_refresh(lead)
        if lead.status != "won":
            raise LeadRefused(_("Choose marketing, sales or both for a won deal."))
        before = lead.attribution
        lead.attribution = attribution
        from workspace.activity.services import record

        record(head, "changed credit", lead)
    from workspace.comments.services import add_comment

    add_comment(head, lead, _("Credit changed from %(old)s to %(new)s: %(reason)s",
                              old=_credit_words(before), new=_credit_words(attribution),
                              reason=reason))
    return lead
