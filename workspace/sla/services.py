"""Verbs of the SLA: draft, edit a draft, propose, sign, withdraw; and the version in force."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import false, func, select

from workspace import clock
from workspace.activity.services import record
from workspace.auth.models import TEAMS, User
from workspace.database import lock_and_refresh, write_unit
from workspace.extensions import db
from workspace.notifications.services import ask, follow
from workspace.permissions import Action, can
from workspace.revisions import create_document, save_revision
from workspace.sla import chain
from workspace.sla.hashing import content_hash
from workspace.sla.in_force import version_in_force  # noqa: F401  (where the SLA pages look)
from workspace.sla.models import CONTENT_FIELDS, AgreementVersion, Signature, TermReference

DEFAULTS = {"text": "", "mql_target_per_month": 100, "mql_rules": [],
            "first_contact_minutes": 60, "min_attempts": 4, "feedback_hours": 48,
            "review_on": None, "effective_on": None}


class SlaRefused(Exception):
    pass


def _head_only(user: User, action: Action) -> None:
    if not can(user, action) or user.team not in TEAMS:
        raise SlaRefused(_("Only the heads of marketing and sales can do that."))


def draft_version(head: User, amends: AgreementVersion | None = None) -> AgreementVersion:
    """A new draft, blank or pre-filled from the version it amends."""
    _head_only(head, Action.DRAFT_SLA)
    with write_unit():
        version = _new_draft(head, amends)
    return version


def _new_draft(head: User, amends: AgreementVersion | None) -> AgreementVersion:
    """Inside a write unit, so the next number is taken under the lock."""
    number = (db.session.scalar(select(func.max(AgreementVersion.number))) or 0) + 1
    content = {name: getattr(amends, name) for name in CONTENT_FIELDS} if amends else DEFAULTS
    version = AgreementVersion(number=number, status="draft", created_by_id=head.id,
                               amends_number=amends.number if amends else None,
                               **{**content, "effective_on": None})
    create_document(version, head, f"amends version {amends.number}" if amends else "")
    from workspace.glossary.usage import record_usage

    record_usage(version)
    follow(head, version)
    record(head, "created", version)
    return version


def edit_draft(version: AgreementVersion, fields: dict, base_revision: int, author: User,
               summary: str = "") -> AgreementVersion:
    _head_only(author, Action.DRAFT_SLA)
    frozen = SlaRefused(_("Version %(n)s has been proposed: its content can no longer change. "
                          "Draft an amendment instead.", n=version.number))
    if version.is_frozen:
        raise frozen
    with write_unit():
        lock_and_refresh(version)
        if version.is_frozen:  # proposed by the other head a moment ago
            raise frozen
        before = version.current_revision
        save_revision(version, fields, base_revision, author, summary)
        if version.current_revision != before:
            follow(author, version)
            record(author, "edited", version)
            from workspace.glossary.usage import record_usage

            record_usage(version)  # the glossary's "where used"
    return version


def problems_before_proposal(version: AgreementVersion) -> list[str]:
    problems = []
    if not version.mql_rules:
        problems.append(_("Define the MQL with at least one rule."))
    if version.mql_target_per_month <= 0:
        problems.append(_("Set a monthly MQL target above zero."))
    if not version.review_on:
        problems.append(_("Set a review date."))
    if not (version.text or "").strip():
        problems.append(_("Write the agreement's text: purpose, scope, escalation."))
    return problems


def propose(version: AgreementVersion, head: User) -> AgreementVersion:
    """Freeze the content and take its hash; both heads are asked to sign."""
    _head_only(head, Action.DRAFT_SLA)
    with write_unit():
        lock_and_refresh(version)
        if version.status != "draft":
            raise SlaRefused(_("Only a draft can be proposed."))
        problems = problems_before_proposal(version)
        if problems:
            raise SlaRefused(" ".join(problems))
        version.status, version.proposed_at, version.proposed_by_id = "proposed", clock.now(), \
            head.id
        version.content_hash = content_hash(version)
        _record_term_references(version)
        chain.append("proposed", version, version.proposed_at, head, head.team)
        record(head, "proposed", version)
        ask(_heads(), head, version)  # each request resolves itself: still_waiting_on
    return version


def sign(version: AgreementVersion, head: User, seen_hash: str, ip: str = "",
         user_agent: str = "") -> Signature:
    """Bind the head's team to the hash they saw; both signatures make it take effect."""
    _head_only(head, Action.SIGN_SLA)
    with write_unit():
        lock_and_refresh(version)
        if version.status != "proposed":
            raise SlaRefused(_("Only a proposed version can be signed."))
        if seen_hash != version.content_hash or content_hash(version) != version.content_hash:
            raise SlaRefused(_("The version changed since you opened it. Nothing was signed; "
                               "read it again before signing."))
        if version.signature_of(head.team):
            team = {"marketing": _("Marketing"), "sales": _("Sales")}[head.team]
            raise SlaRefused(_("%(team)s has already signed this version.", team=team))
        signature = Signature(version=version, team=head.team, user_id=head.id,
                              content_hash=seen_hash, signed_at=clock.now(), ip=ip[:64],
                              user_agent=user_agent[:300])
        db.session.add(signature)
        db.session.flush()
        chain.append("signed", version, signature.signed_at, head, head.team, seen_hash,
                     user_id=head.id)
        if all(version.signature_of(team) for team in TEAMS):
            version.status = "signed"
            version.effective_from = _effective_from(version, signature.signed_at)
            # When it takes effect is logged once, beside the signatures that set it.
            chain.append("took_effect", version, signature.signed_at,
                         effective_from=chain.moment(version.effective_from))
        record(head, "signed", version)
    return signature


def withdraw(version: AgreementVersion, head: User, reason: str) -> AgreementVersion:
    """Take a proposal back with a reason; its content returns as a new draft."""
    _head_only(head, Action.DRAFT_SLA)
    if not reason.strip():
        raise SlaRefused(_("Say why, so the other head knows what to change."))
    with write_unit():  # withdrawn and redrafted together, or neither
        lock_and_refresh(version)
        if version.status != "proposed":
            raise SlaRefused(_("Only a proposal can be withdrawn."))
        version.status, version.withdrawn_reason = "withdrawn", reason.strip()
        chain.append("withdrawn", version, clock.now(), head, head.team,
                     reason=version.withdrawn_reason)
        record(head, "withdrew", version)
        redraft = _new_draft(head, amends=version)
        redraft.amends_number = version.amends_number
    return redraft


def all_versions() -> list[AgreementVersion]:
    return list(db.session.scalars(select(AgreementVersion)
                                   .order_by(AgreementVersion.number.desc())))


def version_by_number(number: int) -> AgreementVersion | None:
    return db.session.scalar(select(AgreementVersion).where(AgreementVersion.number == number))


def is_intact(version: AgreementVersion) -> bool:
    """Its content hashes to its hash, every signature binds that hash, and its status, start
    and signatures are what the unbroken agreement log records (`verification`)."""
    from workspace.sla.verification import verify

    return verify().intact(version.number)


def waiting_for_signature(head: User) -> list[AgreementVersion]:
    if not can(head, Action.SIGN_SLA) or head.team not in TEAMS:
        return []
    proposed = db.session.scalars(select(AgreementVersion).where(
        AgreementVersion.status == "proposed"))
    return [v for v in proposed if not v.signature_of(head.team)]


def still_waiting_on(head: User):
    """SQL: the agreement version (a notification's target) still waits for this head's
    signature; once their team signed it, or it was withdrawn, the request is done."""
    from workspace.notifications.models import Notification

    if not can(head, Action.SIGN_SLA) or head.team not in TEAMS:
        return false()
    signed = select(Signature.id).where(Signature.version_id == AgreementVersion.id,
                                        Signature.team == head.team).exists()
    return select(AgreementVersion.id).where(
        AgreementVersion.id == Notification.target_id, AgreementVersion.status == "proposed",
        ~signed).exists()


def open_draft(amends: AgreementVersion | None) -> AgreementVersion | None:
    """The draft already amending that version (or the first draft), so nobody starts a rival."""
    amended = AgreementVersion.amends_number == amends.number if amends else \
        AgreementVersion.amends_number.is_(None)
    return db.session.scalar(select(AgreementVersion).where(
        AgreementVersion.status == "draft", amended).order_by(AgreementVersion.number.desc())
        .limit(1))


def _effective_from(version: AgreementVersion, signed_at: datetime) -> datetime:
    if not version.effective_on:
        return signed_at
    from workspace.admin.services import workspace_settings

    zone = ZoneInfo(workspace_settings().timezone)
    start = datetime.combine(date.fromisoformat(version.effective_on), time(), tzinfo=zone)
    return max(signed_at, start)


def _heads() -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.role == "head", User.team.in_(TEAMS), User.deactivated_at.is_(None))))


def _record_term_references(version: AgreementVersion) -> None:
    from workspace.glossary.linking import current_matcher, terms_mentioned
    from workspace.glossary.models import Term

    slugs = terms_mentioned(version.text, current_matcher())
    for term in db.session.scalars(select(Term).where(Term.slug.in_(slugs))):
        db.session.add(TermReference(version_id=version.id, term_id=term.id,
                                     term_revision=term.current_revision))
