"""The monthly SLA review: what the heads discuss, gathered for a month."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, func, select

from workspace.extensions import db
from workspace.leads.models import Lead, Rating
from workspace.metrics.scorecard import Scorecard
from workspace.metrics.sums import CLOSED, MonthSums
from workspace.months import Month
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
        found.append(Breach("sales", ngettext(
            "%(num)d MQL was first contacted late or not at all.",
            "%(num)d MQLs were first contacted late or not at all.", card.speed.missed)))
    if card.persistence.missed:
        found.append(Breach("sales", ngettext(
            "%(num)d MQL was dropped before the minimum attempts.",
            "%(num)d MQLs were dropped before the minimum attempts.", card.persistence.missed)))
    if card.feedback.missed:
        found.append(Breach("sales", ngettext(
            "%(num)d MQL got its feedback late or not at all.",
            "%(num)d MQLs got their feedback late or not at all.", card.feedback.missed)))
    return found


def rejection_reasons(card: Scorecard, currency: str) -> list[tuple[str, int]]:
    """Why sales did not accept MQLs, most frequent first. A rule reason names the rule of the
    version that judged that lead, so the same wording adds up across versions."""
    rows = db.session.execute(
        select(Lead.sla_version, Rating.reason, func.count(Rating.id))
        .join(Lead, Lead.id == Rating.lead_id)
        .where(and_(Lead.handed_over_at >= card.start, Lead.handed_over_at < card.end,
                    Lead.is_mql.is_(True), Rating.verdict != "accepted"))
        .group_by(Lead.sla_version, Rating.reason)).all()
    numbers = {number for number, _, _ in rows if number}
    rules = {v.number: v.mql_rules for v in db.session.scalars(
        select(AgreementVersion).where(AgreementVersion.number.in_(numbers)))} if numbers else {}
    totals: dict[str, int] = {}
    for number, reason, count in rows:
        label = reason
        index = reason[5:]
        version_rules = rules.get(number, [])
        if reason.startswith("rule:") and index.isdigit() and int(index) < len(version_rules):
            label = _("Does not actually meet: %(rule)s",
                      rule=describe(version_rules[int(index)], currency))
        totals[label] = totals.get(label, 0) + count
    return sorted(totals.items(), key=lambda item: -item[1])[:8]


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


def deals(month: Month, view: str, sums: MonthSums):
    """The month's deals for the review: closed in it, or of its hand-offs (`sums`, the
    month's, as a funnel)."""
    from workspace.metrics.funnel import closed_deals, closed_total

    return closed_total(closed_deals(month)) if view == CLOSED else sums.funnel
