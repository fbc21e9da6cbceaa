"""The monthly SLA review: what the heads discuss, gathered for a month."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from workspace.extensions import db
from workspace.leads.models import Lead, Rating
from workspace.metrics.scorecard import Scorecard
from workspace.sla.models import AgreementVersion
from workspace.sla.rules import describe


@dataclass
class Breach:
    team: str
    text: str


def breaches(card: Scorecard) -> list[Breach]:
    found = []
    if card.target and card.delivered < card.target:
        found.append(Breach("marketing", _("Marketing delivered %(n)s MQLs of the %(target)s "
                                           "agreed.", n=card.delivered, target=card.target)))
    if card.speed.missed:
        found.append(Breach("sales", _("%(n)s MQLs were first contacted late or not at all.",
                                       n=card.speed.missed)))
    if card.persistence.missed:
        found.append(Breach("sales", _("%(n)s MQLs were dropped before the minimum attempts.",
                                       n=card.persistence.missed)))
    if card.feedback.missed:
        found.append(Breach("sales", _("%(n)s MQLs got their feedback late or not at all.",
                                       n=card.feedback.missed)))
    return found


def rejection_reasons(card: Scorecard, version: AgreementVersion | None,
                      currency: str) -> list[tuple[str, int]]:
    """Why sales did not accept MQLs, most frequent first; rule reasons name the rule."""
    rows = db.session.execute(
        select(Rating.reason, func.count(Rating.id)).join(Lead, Lead.id == Rating.lead_id)
        .where(and_(Lead.handed_over_at >= card.start, Lead.handed_over_at < card.end,
                    Lead.is_mql.is_(True), Rating.verdict != "accepted"))
        .group_by(Rating.reason).order_by(func.count(Rating.id).desc()).limit(8)).all()
    rules = version.mql_rules if version else []
    named = []
    for reason, count in rows:
        if reason.startswith("rule:") and reason[5:].isdigit() and int(reason[5:]) < len(rules):
            label = _("Does not actually meet: %(rule)s",
                      rule=describe(rules[int(reason[5:])], currency))
        else:
            label = reason
        named.append((label, count))
    return named


def feedback_quotes(card: Scorecard, limit: int = 5) -> list[tuple[Rating, Lead]]:
    """The lowest-rated comments of the month: what the heads should read together."""
    return list(db.session.execute(
        select(Rating, Lead).join(Lead, Lead.id == Rating.lead_id)
        .where(Lead.handed_over_at >= card.start, Lead.handed_over_at < card.end,
               Rating.comment != "")
        .order_by(Rating.rating, Rating.at.desc()).limit(limit)).all())


def open_drafts() -> list[AgreementVersion]:
    return list(db.session.scalars(select(AgreementVersion).where(
        AgreementVersion.status.in_(("draft", "proposed"))).order_by(AgreementVersion.number)))
