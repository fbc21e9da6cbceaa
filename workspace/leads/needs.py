"""What the lead loop asks of a person (home, deadline notices) and tells workspace settings."""

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import exists, or_, select

from workspace import clock
from workspace.extensions import db
from workspace.home.needs import Need
from workspace.leads.models import Lead


def leads_to_contact(user) -> Need | None:
    from workspace.leads.queries import to_contact

    if not user.is_rep:
        return None
    waiting, total = to_contact(user)
    if not total:
        return None
    return Need(_("Leads to contact"), [(lead.company, url_for("leads.show", lead_id=lead.id))
                                       for lead in waiting], total, url_for("leads.index"))


def deadlines(user) -> list[tuple[str, str]]:
    """A rep's first contacts missed or due within 15 minutes, from the stored deadlines."""
    if not user.is_rep:
        return []
    now = clock.now()
    due = db.session.execute(select(Lead.id, Lead.company, Lead.first_contact_due_at).where(
        Lead.assigned_to_id == user.id, Lead.status == "new", Lead.is_mql.is_(True),
        Lead.first_contact_due_at < now + timedelta(minutes=15))
        .order_by(Lead.first_contact_due_at).limit(20)).all()
    return [(_("First contact with %(company)s is overdue.", company=company) if at < now
             else _("First contact with %(company)s is due in a few minutes.", company=company),
             url_for("leads.show", lead_id=lead_id)) for lead_id, company, at in due]


def rebuild_months(zone: str) -> None:
    """The monthly sums follow the workspace's months: a new zone regroups them."""
    from workspace.leads import stats

    stats.rebuild(db.session.connection(), zone)


def holds_money() -> bool:
    return bool(db.session.scalar(select(exists().where(or_(
        Lead.deal_value.is_not(None), Lead.marketing_budget_monthly.is_not(None))))))
