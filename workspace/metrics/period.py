"""Which month a figures page (metrics, lead feedback) shows when none is asked for: the
latest with leads, never an empty month just begun."""

from flask import request
from sqlalchemy import func, select

from workspace.extensions import db
from workspace.leads.models import LeadMonth
from workspace.months import ShownMonth, shown_month


def latest_month_with_leads(upto: str) -> str | None:
    """The latest "YYYY-MM" up to `upto` with leads handed over: one read of the sums' key."""
    return db.session.scalar(select(func.max(LeadMonth.month))
                             .where(LeadMonth.month <= upto, LeadMonth.leads > 0))


def page_month() -> ShownMonth:
    """The month in the query string, else the latest month with leads."""
    return shown_month(request.args.get("month"), latest_month_with_leads)
