"""The MQL definition as rules: fields, operators, checking a lead, and words for people.

A rule is `{field, op, value}` everywhere (the hash, the API, the editor). A lead's reason is
that rule plus `actual` and `passed`. Money is integer cents inside, major units in the API.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

OPERATORS = (">", ">=", "<", "<=", "=", "!=", "in")
NUMBER, MONEY, TEXT = "number", "money", "text"
FIELDS = {
    "employees": (NUMBER, _l("employees")),
    "marketing_budget_monthly": (MONEY, _l("monthly marketing budget")),
    "days_since_engagement": (NUMBER, _l("days since last engagement")),
    "industry": (TEXT, _l("industry")),
    "country": (TEXT, _l("country")),
    "source": (TEXT, _l("source")),
}
OPERATOR_WORDS = {">": _l("more than"), ">=": _l("at least"), "<": _l("less than"),
                  "<=": _l("at most"), "=": _l("is"), "!=": _l("is not"), "in": _l("is one of")}
ORDERED_ONLY = {">", ">=", "<", "<="}


class RuleError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Reason:
    field: str
    op: str
    value: object
    actual: object
    passed: bool

    def as_dict(self) -> dict:
        return {"field": self.field, "op": self.op, "value": self.value, "actual": self.actual,
                "passed": self.passed}


def clean_rule(field: str, op: str, raw_value) -> dict:
    """A valid stored rule from editor or API input; RuleError names what is wrong."""
    if field not in FIELDS:
        raise RuleError("field", str(_l("Unknown field “%(field)s”.", field=field)))
    if op not in OPERATORS:
        raise RuleError("op", str(_l("Unknown operator “%(op)s”.", op=op)))
    kind = FIELDS[field][0]
    if kind == TEXT and op in ORDERED_ONLY:
        raise RuleError("op", str(_l("Text can only be compared with “is”, “is not” or “is one "
                                     "of”.")))
    if op == "in":
        items = raw_value if isinstance(raw_value, list) else str(raw_value or "").split(",")
        values = [_clean_value(kind, item) for item in items if str(item).strip()]
        if not values:
            raise RuleError("value", str(_l("List at least one value, separated by commas.")))
        return {"field": field, "op": op, "value": values}
    return {"field": field, "op": op, "value": _clean_value(kind, raw_value)}


LARGEST_RULE_VALUE = 1_000_000_000  # beyond any lead's employees or monthly budget


def _clean_value(kind: str, raw):
    text = str(raw if raw is not None else "").strip()
    if kind == TEXT:
        if not text:
            raise RuleError("value", str(_l("Give a value.")))
        return text.casefold()
    try:
        number = float(text.replace(",", "")) if text else None
    except ValueError:
        number = None
    if number is None or number != number or number in (float("inf"), float("-inf")):
        raise RuleError("value", str(_l("Give a number.")))
    if number < 0:
        raise RuleError("value", str(_l("A number of zero or more.")))
    if number > LARGEST_RULE_VALUE:
        raise RuleError("value", str(_l("A number up to a billion.")))
    if kind == MONEY:
        return round(number * 100)  # cents
    if number != int(number):
        raise RuleError("value", str(_l("Give a whole number.")))
    return int(number)


def lead_value(field: str, lead: dict, handed_off_at: datetime):
    """A lead's value for a rule field; days since engagement counts whole days to hand-off."""
    if field == "days_since_engagement":
        engaged = lead.get("last_engaged_at")
        return None if engaged is None else (handed_off_at - engaged).days
    value = lead.get(field)
    return value.casefold() if isinstance(value, str) else value


def check(rules: list[dict], lead: dict, handed_off_at: datetime) -> tuple[bool, list[Reason]]:
    """Whether a lead qualifies (every rule holds) and why, rule by rule."""
    reasons = []
    for rule in rules:
        actual = lead_value(rule["field"], lead, handed_off_at)
        reasons.append(Reason(rule["field"], rule["op"], rule["value"], actual,
                              _holds(rule["op"], actual, rule["value"])))
    return all(r.passed for r in reasons), reasons


def _holds(op: str, actual, value) -> bool:
    if actual is None:
        return False  # unknown never qualifies
    if op == "in":
        return actual in value
    if op == "=":
        return actual == value
    if op == "!=":
        return actual != value
    try:
        return {">": actual > value, ">=": actual >= value, "<": actual < value,
                "<=": actual <= value}[op]
    except TypeError:
        return False


def describe(rule: dict, currency: str = "USD") -> str:
    """A rule in words, in the reader's language: "employees more than 100"."""
    kind, label = FIELDS[rule["field"]]
    value = format_value(kind, _named(rule["field"], rule["value"]), currency)
    return f"{label} {OPERATOR_WORDS[rule['op']]} {value}"


def _named(field: str, value):
    """Country codes as the reader's language names them ("es" → "Spain", "España")."""
    if field != "country":
        return value
    from workspace.i18n import country_name

    return [country_name(v) for v in value] if isinstance(value, list) else country_name(value)


def format_value(kind: str, value, currency: str = "USD") -> str:
    from flask_babel import format_currency, format_decimal

    if isinstance(value, list):
        return ", ".join(format_value(kind, v, currency) for v in value)
    if kind == MONEY:
        return format_currency(value / 100, currency)
    if kind == NUMBER:
        return format_decimal(value)
    return str(value)


def for_api(rule: dict) -> dict:
    """Money in major units, as the API speaks."""
    if FIELDS[rule["field"]][0] != MONEY:
        return dict(rule)
    value = rule["value"]
    return {**rule, "value": [v / 100 for v in value] if isinstance(value, list)
            else value / 100}


def reason_words(reason: dict, currency: str = "USD") -> str:
    """One rule's result for one lead, in words: "employees 80, needs more than 100 ✗"."""
    kind, label = FIELDS[reason["field"]]
    if reason["actual"] is None:
        return str(_l("%(field)s: unknown", field=label))
    mark = "✓" if reason["passed"] else "✗"
    actual = format_value(kind, _named(reason["field"], reason["actual"]), currency)
    return str(_l("%(field)s %(actual)s, needs %(rule)s", field=label, actual=actual,
                  rule=f"{OPERATOR_WORDS[reason['op']]} " + format_value(
                      kind, _named(reason["field"], reason["value"]), currency))) + f" {mark}"
