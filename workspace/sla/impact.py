"""What a draft's MQL definition would have done to the last months' leads, in SQL.

Rules become SQL conditions over the stored lead fields, so the preview counts in the database
instead of re-checking leads one by one.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, false, func, select

from workspace.extensions import db
from workspace.leads.models import Lead
from workspace.sqltime import seconds_between

ACCEPTED = ("accepted", "won", "lost")


def rule_condition(rule: dict, dialect: str):
    field, op, value = rule["field"], rule["op"], rule["value"]
    if field == "days_since_engagement":
        column = func.floor(seconds_between(Lead.last_engaged_at, Lead.handed_over_at, dialect)
                            / 86400)
    elif field == "source":
        column = func.lower(Lead.source)
    else:
        column = getattr(Lead, field)
    if op == "in":
        return and_(column.is_not(None), column.in_(value))
    comparisons = {">": column > value, ">=": column >= value, "<": column < value,
                   "<=": column <= value, "=": column == value, "!=": column != value}
    return and_(column.is_not(None), comparisons[op])


def rules_condition(rules: list[dict], dialect: str):
    if not rules:
        return false()
    return and_(*[rule_condition(rule, dialect) for rule in rules])


@dataclass
class MonthImpact:
    month: str
    current_mqls: int
    current_accepted: int
    draft_mqls: int
    draft_accepted: int


def impact(rules: list[dict], months: list[tuple[str, datetime, datetime]]) -> list[MonthImpact]:
    """Per month: MQLs and accepted ones as judged then, and under the draft rules. One query."""
    dialect = db.session.get_bind().dialect.name
    draft = rules_condition(rules, dialect)
    accepted = Lead.status.in_(ACCEPTED)
    bucket = case(*[(and_(Lead.handed_over_at >= start, Lead.handed_over_at < end), label)
                    for label, start, end in months], else_=None)
    rows = db.session.execute(select(
        bucket, func.count(Lead.id).filter(Lead.is_mql.is_(True)),
        func.count(Lead.id).filter(and_(Lead.is_mql.is_(True), accepted)),
        func.count(Lead.id).filter(draft), func.count(Lead.id).filter(and_(draft, accepted)))
        .where(Lead.handed_over_at >= months[0][1], Lead.handed_over_at < months[-1][2])
        .group_by(bucket)).all()
    found = {row[0]: row for row in rows}
    return [MonthImpact(label, *(found[label][1:] if label in found else (0, 0, 0, 0)))
            for label, _, _ in months]


@dataclass
class FunnelRates:
    average_deal: float | None  # cents
    sql_to_won: float | None
    mql_to_sql: float | None

    def mqls_for(self, revenue_cents: int) -> float | None:
        if not (self.average_deal and self.sql_to_won and self.mql_to_sql):
            return None
        return revenue_cents / self.average_deal / self.sql_to_won / self.mql_to_sql


def historical_rates(since: datetime, until: datetime) -> FunnelRates:
    """The workspace's own conversion rates and average deal over a period: one query."""
    mql, sql = Lead.is_mql.is_(True), Lead.status.in_(ACCEPTED)
    row = db.session.execute(select(
        func.count(Lead.id).filter(mql), func.count(Lead.id).filter(and_(mql, sql)),
        func.count(Lead.id).filter(Lead.status == "won"),
        func.count(Lead.id).filter(Lead.status.in_(("won", "lost"))),
        func.avg(Lead.deal_value).filter(Lead.status == "won"))
        .where(Lead.handed_over_at >= since, Lead.handed_over_at < until)).one()
    mqls, sqls, won, closed, average = row
    return FunnelRates(float(average) if average else None,
                       won / closed if closed else None, sqls / mqls if mqls else None)


def last_full_months(now: datetime, zone: str, count: int = 3):
    from zoneinfo import ZoneInfo

    from workspace.months import month_range, shift

    today = now.astimezone(ZoneInfo(zone)).date()
    months = []
    for back in range(count, 0, -1):
        year, month = shift(today.year, today.month, -back)
        months.append((f"{year:04d}-{month:02d}", *month_range(year, month, zone)))
    return months


def six_months_ago(now: datetime) -> datetime:
    return now - timedelta(days=182)
