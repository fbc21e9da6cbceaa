"""Figures under a filter: money divides only the spend of the same slice, or is not available.

The property test builds random leads and spend by hand and compares every money and funnel
figure the page shows, under random filters, with a plain count over the same rows."""

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from tests.factories import make_user
from workspace.extensions import db
from workspace.leads.models import Lead, LeadMonth
from workspace.metrics.filters import Filters
from workspace.metrics.models import Spend
from workspace.metrics.slices import CAMPAIGN, COMPANY, IN, OUT, SOURCE, SPLIT, tie
from workspace.months import Month

PAIRS = {("webinar", "Q1"), ("webinar", "Q2"), ("ebook", "Q2"), ("ebook", ""), ("", "")}


def test_spend_is_tied_by_campaign_then_source_else_to_the_whole_company():
    assert tie("marketing", "Q1", 100, PAIRS).kind == CAMPAIGN
    assert tie("marketing", "ebook", 100, PAIRS).pairs == {("ebook", "Q2"), ("ebook", "")}
    for channel in ("", "Sales team", "q1"):  # exact names only
        assert tie("sales", channel, 100, PAIRS).kind == COMPANY
    assert tie("marketing", "webinar", 1, PAIRS).kind == SOURCE


def test_an_entry_is_inside_outside_or_split_by_the_filter():
    q1, q2 = tie("marketing", "Q1", 1, PAIRS), tie("marketing", "Q2", 1, PAIRS)
    webinar, company = tie("marketing", "webinar", 1, PAIRS), tie("sales", "", 1, PAIRS)
    assert [line.place(Filters()) for line in (q1, q2, webinar, company)] == [IN] * 4
    assert [line.place(Filters(source="webinar")) for line in (q1, q2, webinar, company)] == [
        IN, SPLIT, IN, SPLIT]  # Q2 also ran on ebook; the sales cost is everybody's
    assert [line.place(Filters(campaign="Q1")) for line in (q1, q2, webinar)] == [IN, OUT, SPLIT]
    assert [line.place(Filters(source="ebook", campaign="Q1")) for line in (q1, webinar)] == [
        OUT, OUT]
    assert [line.place(Filters(rep_id=7)) for line in (q1, webinar, company)] == [SPLIT] * 3
    assert q2.place(Filters(campaign="Q1", rep_id=7)) == OUT


# --- the property: the page's figures against a plain count ---------------------------------

MONTHS = [Month.of(2026, m, "UTC") for m in (2, 3, 4)]
SOURCES = ["webinar", "ebook", ""]
CAMPAIGNS = ["Q1", "Q2", "Brand", ""]
CHANNELS = ["Q1", "Q2", "Brand", "webinar", "ebook", "Sales team", ""]


@dataclass(frozen=True)
class PlainLead:
    month: int  # index into MONTHS
    source: str
    campaign: str
    rep: int | None
    is_mql: bool
    status: str
    closed_month: int  # for won and lost: index into MONTHS, never before the hand-off
    value: int  # cents, for won


leads_strategy = st.lists(st.builds(
    PlainLead, st.integers(0, 2), st.sampled_from(SOURCES), st.sampled_from(CAMPAIGNS),
    st.sampled_from([0, 1, None]), st.booleans(),
    st.sampled_from(["new", "working", "accepted", "nurture", "won", "lost", "won"]),
    st.integers(0, 2), st.integers(1, 50_000).map(lambda dollars: dollars * 100)),
    max_size=14)
spend_strategy = st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["marketing", "sales"]),
                                    st.sampled_from(CHANNELS), st.integers(1, 9_000)),
                          max_size=6)
query_strategy = st.fixed_dictionaries({
    "month": st.integers(0, 2), "source": st.sampled_from([None, "webinar", "ebook"]),
    "campaign": st.sampled_from([None, "Q1", "Q2", "Brand"]), "rep": st.sampled_from([None, 0, 1]),
    "team": st.sampled_from([None, "marketing", "sales"]),
    "deals": st.sampled_from([None, "closed", "handoff"])})


def expected(leads: list[PlainLead], spend: list[tuple], query: dict, rep_ids: list[int]):
    """What the page should show, counted in plain Python from the rows themselves."""
    month, source, campaign, rep = query["month"], query["source"], query["campaign"], query["rep"]
    closed_view = query["deals"] != "handoff"
    filtered = bool(source or campaign or rep is not None)

    def takes(lead_source, lead_campaign):
        return (source is None or lead_source == source) and \
            (campaign is None or lead_campaign == campaign)

    def in_slice(lead):
        return takes(lead.source, lead.campaign) and (rep is None or lead.rep == rep)

    def final(lead):
        return lead.status if lead.status in ("won", "lost") else None

    cohort = [lead for lead in leads if lead.month == month and in_slice(lead)]
    closed = [lead for lead in leads if final(lead) and in_slice(lead) and
              max(lead.closed_month, lead.month) == month]
    won = [lead for lead in (closed if closed_view else cohort) if lead.status == "won"]
    pairs = {(lead.source, lead.campaign) for lead in leads}

    def place(channel):
        scope = {p for p in pairs if channel and p[1] == channel} or \
            {p for p in pairs if channel and p[0] == channel}
        if not filtered:
            return "in"
        if not scope:
            return "split"
        inside = [takes(*pair) for pair in scope]
        if not any(inside):
            return "out"
        return "in" if all(inside) and rep is None else "split"

    placed = [(team, place(channel), amount * 100) for m, team, channel, amount in spend
              if m == month]
    marketing = sum(a for team, where, a in placed if team == "marketing" and where == "in")
    total = sum(a for _, where, a in placed if where == "in")
    cost_known = rep is None and not any(t == "marketing" and w == "split" for t, w, _ in placed)
    spend_known = rep is None and not any(w == "split" for _, w, _ in placed)
    revenue = sum(lead.value for lead in won)
    mqls = sum(lead.is_mql for lead in cohort)
    funnel_rows, closed_rows = {}, {}
    for lead in cohort:
        row = funnel_rows.setdefault((lead.source, lead.campaign), [0, 0, 0, 0, 0])
        accepted = lead.status in ("accepted", "won", "lost")
        won_now = lead.status == "won"
        for index, add in enumerate((1, lead.is_mql, accepted, won_now,
                                     lead.value if won_now else 0)):
            row[index] += add
    for lead in closed:
        row = closed_rows.setdefault((lead.source, lead.campaign), [0, 0, 0])
        row[0 if lead.status == "won" else 1] += 1
        row[2] += lead.value if lead.status == "won" else 0
    return {
        "leads": len(cohort), "mqls": mqls, "won": len(won), "revenue": revenue,
        "cost_per_lead": marketing / len(cohort) if cost_known and marketing and cohort else None,
        "cost_per_mql": marketing / mqls if cost_known and marketing and mqls else None,
        "cac": total / len(won) if spend_known and total and won else None,
        "roi": (revenue - total) / total if spend_known and total else None,
        "average_deal": revenue / len(won) if won else None,
        "funnel": None if closed_view else {k: tuple(v) for k, v in funnel_rows.items()},
        "closed": {k: tuple(v) for k, v in closed_rows.items()} if closed_view else None,
    }


def shown(query: dict, rep_ids: list[int]):
    """The figures the page renders, read through the same request parsing as the view."""
    from workspace.metrics.period import page_month
    from workspace.metrics.queries import month_figures
    from workspace.metrics.views import request_filters, requested_deals

    args = {"month": MONTHS[query["month"]].label, "source": query["source"] or "",
            "campaign": query["campaign"] or "", "team": query["team"] or "",
            "rep_id": rep_ids[query["rep"]] if query["rep"] is not None else "",
            "deals": query["deals"] or ""}
    with current_app.test_request_context("/metrics/", query_string=args):
        _, filters, _ = request_filters()
        page = month_figures(page_month().month, filters, requested_deals())
    m = page["figures"]
    return {
        "leads": m.leads, "mqls": m.mqls, "won": m.won, "revenue": m.revenue,
        "cost_per_lead": m.cost_per_lead, "cost_per_mql": m.cost_per_mql, "cac": m.cac,
        "roi": m.roi, "average_deal": m.average_deal,
        "funnel": {(r.source, r.campaign): (r.leads, r.mqls, r.sqls, r.won, r.revenue)
                   for r in page["funnel"]} if "funnel" in page else None,
        "closed": {(r.source, r.campaign): (r.won, r.lost, r.revenue)
                   for r in page["closed"]} if "closed" in page else None,
    }


def store(leads: list[PlainLead], spend: list[tuple], rep_ids: list[int]) -> None:
    for table in (Lead, LeadMonth, Spend):
        db.session.execute(delete(table))
    for lead in leads:
        handed = MONTHS[lead.month].start + timedelta(days=3, hours=lead.month)
        closed = MONTHS[max(lead.closed_month, lead.month)].start + timedelta(days=20)
        final = lead.status in ("won", "lost")
        db.session.add(Lead(
            company="X", source=lead.source, campaign=lead.campaign, reasons=[],
            handed_over_at=handed, is_mql=lead.is_mql, status=lead.status,
            assigned_to_id=rep_ids[lead.rep] if lead.rep is not None else None,
            deal_value=lead.value if lead.status == "won" else None,
            attribution="both" if lead.status == "won" else None,
            closed_at=closed if final else None))
    for month, team, channel, amount in spend:
        db.session.add(Spend(month=MONTHS[month].label, team=team, channel=channel,
                             amount=amount * 100))
    db.session.commit()


def approx(found: dict, wanted: dict) -> bool:
    def same(a, b):
        if isinstance(a, float) or isinstance(b, float):
            return a is not None and b is not None and abs(a - b) < 1e-9
        return a == b

    return all(same(found[key], wanted[key]) for key in wanted)


def test_every_money_and_funnel_figure_matches_a_plain_count_under_any_filter(app):
    from workspace import clock

    clock.freeze(datetime(2026, 6, 1, tzinfo=UTC))  # every deadline and month in the past
    rep_ids = [make_user("sales", "member").id, make_user("sales", "member").id]

    @settings(max_examples=30, deadline=None, database=None,
              derandomize=os.environ.get("CI") == "true")
    @given(leads=leads_strategy, spend=spend_strategy, query=query_strategy)
    def check(leads, spend, query):
        store(leads, spend, rep_ids)
        found, wanted = shown(query, rep_ids), expected(leads, spend, query, rep_ids)
        assert approx(found, wanted), (query, found, wanted)

    check()
