"""How a lead reads in the API's JSON: ISO 8601 times, money in major units, people by email."""

from datetime import datetime

from flask import url_for

from workspace.leads.models import Lead
from workspace.money import to_major
from workspace.sla.rules import for_api


def summary(lead: Lead) -> dict:
    return {"id": lead.id, "external_id": lead.external_id, "is_mql": lead.is_mql,
            "reasons": [reason_of(r) for r in lead.reasons], "sla_version": lead.sla_version,
            "assigned_to": lead.assigned_to.email if lead.assigned_to else None,
            "url": url_for("leads.show", lead_id=lead.id, _external=True)}


def reason_of(reason: dict) -> dict:
    rule = for_api(reason)
    actual = reason["actual"]
    if reason["field"] == "marketing_budget_monthly" and actual is not None:
        actual = to_major(actual)
    return {**rule, "actual": actual, "passed": reason["passed"]}


def full(lead: Lead, attempts: list, ratings: list) -> dict:
    cents = lead.marketing_budget_monthly
    return {
        **summary(lead),
        "company": lead.company, "contact_name": lead.contact_name, "email": lead.email,
        "phone": lead.phone, "employees": lead.employees,
        "marketing_budget_monthly": to_major(cents),
        "industry": lead.industry, "country": lead.country,
        "last_engaged_at": iso(lead.last_engaged_at), "source": lead.source,
        "campaign": lead.campaign, "handed_over_at": iso(lead.handed_over_at),
        "status": lead.status,
        "attempts": [{"at": iso(a.at), "channel": a.channel, "outcome": a.outcome,
                      "rep": a.rep.email if a.rep else None} for a in attempts],
        "feedback": [{"rating": r.rating, "verdict": r.verdict, "reason": r.reason,
                      "at": iso(r.at), "rep": r.rep.email if r.rep else None} for r in ratings],
        "deal_value": to_major(lead.deal_value),
        "closed_at": iso(lead.closed_at), "attribution": lead.attribution,
    }


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
