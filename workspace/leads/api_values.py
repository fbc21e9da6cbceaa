"""How the API reads the values it is sent: each kind checked by the intake's one check of
that kind (the same as the form's and the CSV import's), refused by field in English."""

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from workspace.api.bodies import unknown_fields
from workspace.auth.models import User
from workspace.leads.intake import (
    NOTE_LIMITS,
    TEXT_LIMITS,
    Refusal,
    active_reps,
    clean,
    number_refusal,
    refusals,
    text_refusals,
)
from workspace.money import to_cents

# What each endpoint reads; any other field is refused by name.
LEAD_INPUT = frozenset(TEXT_LIMITS) | {"employees", "marketing_budget_monthly",
                                       "last_engaged_at", "handed_over_at", "assigned_to"}
ATTEMPT_INPUT = frozenset({"at", "channel", "outcome", "rep_email", "note"})
CLOSE_INPUT = frozenset({"status", "deal_value", "attribution", "closed_at", "lost_reason"})
# An amount sent as a string: plain ASCII decimals (Decimal alone would also read "1_000",
# " 5 " and other scripts' digits, which the API does not document).
MONEY_TEXT = r"^[0-9]+(\.[0-9]+)?$"


def parse_lead(item) -> tuple[dict, list[dict]]:
    """A lead's fields as the intake stores them, and a problem for each value it refuses
    (an unknown field is one: a misspelt budget would be a silent non-MQL)."""
    if not isinstance(item, dict):
        return {}, [{"field": None, "message": "A lead is a JSON object."}]
    problems = unknown_fields(item, LEAD_INPUT)

    def problem(field: str, message: str) -> None:
        problems.append({"field": field, "message": message})

    for name in TEXT_LIMITS:
        if item.get(name) is not None and not isinstance(item[name], str):
            problem(name, "Must be a string.")
    fields = clean({name: value for name, value in item.items()
                    if name in TEXT_LIMITS and isinstance(value, str)})
    fields = {name: value for name, value in fields.items() if name in TEXT_LIMITS}
    if not fields.get("company"):
        problem("company", "Required.")
    fields["employees"] = read_count(item.get("employees"), "employees", problem)
    fields["marketing_budget_monthly"] = read_money(item.get("marketing_budget_monthly"),
                                                    "marketing_budget_monthly", problem)
    fields["last_engaged_at"] = read_time(item.get("last_engaged_at"), "last_engaged_at",
                                          problem)
    handed = read_time(item.get("handed_over_at"), "handed_over_at", problem)
    problems += [english(refusal) for refusal in refusals({**fields, "handed_over_at": handed})]
    fields["_handed_over_at"] = handed
    if item.get("assigned_to") not in (None, ""):  # {} or 0 is refused, not ignored
        rep = sales_rep(item["assigned_to"])
        if rep is None:
            problem("assigned_to", "No active member of sales has this email.")
        fields["_rep"] = rep
    return fields, problems


def english(refusal: Refusal) -> dict:
    """The intake's refusal in the API's error shape; the API answers in English."""
    return {"field": refusal.field, "message": refusal.english()}


def read_count(value, field: str, problem) -> int | None:
    """A whole number within the intake's range for it."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        problem(field, "A whole number of zero or more.")
        return None
    refusal = number_refusal(field, value)
    if refusal:
        problem(field, refusal.english())
        return None
    return value


def read_money(value, field: str, problem) -> int | None:
    """Cents of an amount in major units (a JSON number or a decimal string), within the
    intake's range: NaN, infinity and 1e30 never reach the conversion to cents."""
    unreadable = "A decimal amount in major units, zero or more."
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str) or (
            isinstance(value, str) and not re.fullmatch(MONEY_TEXT, value)):
        problem(field, unreadable)
        return None
    try:
        amount = Decimal(value if isinstance(value, str) else str(value))
    except InvalidOperation:
        problem(field, unreadable)
        return None
    refusal = number_refusal(field, amount)
    if refusal:
        problem(field, refusal.english())
        return None
    return to_cents(amount)


def read_time(value, field: str, problem) -> datetime | None:
    """An ISO 8601 time with its offset, which also exists in UTC (year 1 at +05:00 does
    not): every time is stored and compared in UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
        if moment.tzinfo is not None:
            moment.astimezone(UTC)
    except (ValueError, OverflowError):
        moment = None
    if moment is None or moment.tzinfo is None:
        problem(field, "An ISO 8601 time with its offset, e.g. 2026-11-20T09:30:00+01:00.")
        return None
    return moment


def read_text(body: dict, field: str, problem) -> str:
    """A free text such as an attempt's note: a string within the form's limit for it."""
    value = body.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        problem(field, "Must be a string.")
        return ""
    for refusal in text_refusals({field: value}, NOTE_LIMITS):
        problem(field, refusal.english())
    return value


def sales_rep(email) -> User | None:
    """The active sales rep with this email (intake.active_reps: leads go to reps only, by
    every path); none for anything but a string."""
    if not isinstance(email, str) or "\x00" in email:
        return None
    wanted = email.strip().lower()
    return next((rep for rep in active_reps() if rep.email == wanted), None)
