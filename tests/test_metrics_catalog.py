"""The metric catalog: the pages' figures for a month and a slice, a quarter's figures against a
plain count over its leads, a bounded number of queries, and unknown keys refused."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from tests.factories import make_user
from workspace import clock
from workspace.extensions import db
from workspace.leads.models import Lead
from workspace.metrics import catalog
from workspace.metrics.filters import Filters
from workspace.metrics.models import Spend
from workspace.metrics.period import Period
from workspace.metrics.sums import CLOSED, HANDOFF
from workspace.months import Month

NOW = datetime(2026, 4, 2, 12, 0, tzinfo=UTC)  # some deadlines of late March still ahead
MARCH = Month.of(2026, 3, "UTC")
QUARTER = Period.parse("2026-Q1", "UTC")
CAMPAIGNS = {"webinar": ["Q1", "Q2"], "ebook": ["Brand"]}  # each campaign runs in one source
# Marketing spend tied to a campaign and to a source, and a sales cost for the whole company.
SPEND = [("marketing", "Q1", 4_000_00), ("marketing", "ebook", 1_500_00),
         ("sales", "Sales team", 6_000_00)]


def build(reps, count: int = 120, seed: int = 13) -> list[Lead]:
    """Leads handed over from December to April, in every state, with known deadlines."""
    rng = random.Random(seed)
    start, leads = datetime(2025, 12, 1, tzinfo=UTC), []
    for _ in range(count):
        handed = start + timedelta(minutes=rng.randint(0, 150 * 24 * 60))
        source = rng.choice(list(CAMPAIGNS))
        status = rng.choice(["new", "working", "accepted", "nurture", "disqualified", "won",
                             "lost"])
        contacted = rng.choice([None, timedelta(minutes=rng.randint(1, 240))])
        rated = rng.choice([None, timedelta(hours=rng.randint(1, 96))])
        closed = handed + timedelta(days=rng.randint(1, 60)) if status in ("won", "lost") \
            else None
        lead = Lead(company="X", source=source, campaign=rng.choice(CAMPAIGNS[source]),
                    reasons=[], handed_over_at=handed, assigned_to_id=rng.choice(reps).id,
                    status=status, is_mql=rng.random() < 0.75, min_attempts=3,
                    attempts_count=rng.randint(0, 5),
                    first_contact_due_at=handed + timedelta(minutes=120),
                    feedback_due_at=handed + timedelta(hours=48),
                    first_attempt_at=handed + contacted if contacted else None,
                    first_rated_at=handed + rated if rated else None,
                    deal_value=rng.randint(1, 90) * 1_000_00 if status == "won" else None,
                    attribution=rng.choice(["marketing", "sales", "both"])
                    if status == "won" else None,
                    closed_at=closed if closed is None or closed < NOW else NOW)
        db.session.add(lead)
        leads.append(lead)
    late = datetime(2026, 3, 31, 20, 0, tzinfo=UTC)  # contact and feedback due after NOW
    for due in (timedelta(days=3), timedelta(minutes=30)):
        leads.append(Lead(company="Late", source="webinar", campaign="Q1", reasons=[],
                          handed_over_at=late, assigned_to_id=reps[0].id, is_mql=True,
                          min_attempts=3, first_contact_due_at=late + due,
                          feedback_due_at=late + timedelta(hours=48)))
        db.session.add(leads[-1])
    for month in ("2025-12", "2026-01", "2026-02", "2026-03", "2026-04"):
        for team, channel, amount in SPEND:
            db.session.add(Spend(month=month, team=team, channel=channel, amount=amount))
    db.session.commit()
    return leads


@pytest.fixture
def reps():
    return [make_user("sales", "member") for _ in range(3)]


SLICES = [Filters(), Filters(source="webinar"), Filters(campaign="Brand"),
          Filters(source="ebook", campaign="Brand")]


def test_the_catalog_gives_the_metrics_pages_figures_for_a_month_and_a_slice(reps):
    from workspace.metrics.queries import month_figures

    build(reps)
    clock.freeze(NOW)
    for filters in [*SLICES, Filters(rep_id=reps[0].id)]:
        for deals in (CLOSED, HANDOFF):
            page = month_figures(MARCH, filters, deals)
            found = catalog.figures(catalog.keys(), Period.of(MARCH), filters, deals)
            card, money = page["card"], page["figures"]
            shown = {"mqls_delivered": card.delivered, "leads": money.leads,
                     "speed_met_rate": card.speed.rate,
                     "persistence_rate": card.persistence.rate,
                     "feedback_rate": card.feedback.rate, "cost_per_lead": money.cost_per_lead,
                     "cost_per_mql": money.cost_per_mql, "cac": money.cac, "roi": money.roi,
                     "revenue_won": money.revenue}
            if deals == HANDOFF:  # the funnel's table: its rows added up
                rows = page["funnel"]
                mqls, sqls = sum(r.mqls for r in rows), sum(r.sqls for r in rows)
                won = sum(r.won for r in rows)
                shown.update(mql_to_sql=sqls / mqls if mqls else None,
                             sql_to_won=won / sqls if sqls else None)
            assert {key: found[key].value for key in shown} == shown, (filters, deals)
            assert found["speed_met_rate"].numerator == card.speed.met
            assert found["cost_per_lead"].denominator == money.leads


def test_the_api_and_the_review_show_the_catalogs_figures(reps, client):
    from workspace.api.services import create_api_token

    build(reps)
    clock.freeze(NOW)
    march = catalog.figures(catalog.keys("sales") + ["mqls_delivered"], Period.of(MARCH))
    token = create_api_token("BI", ["metrics:read"], None).secret
    body = client.get("/api/v1/metrics/sla?month=2026-03",
                      headers={"Authorization": "Bearer " + token}).json
    assert body["mql_volume"]["delivered"] == march["mqls_delivered"].value
    for key, part in (("speed_met_rate", "speed"), ("persistence_rate", "persistence"),
                      ("feedback_rate", "feedback")):
        assert (body[part]["rate"], body[part]["met"]) == (march[key].value,
                                                           march[key].numerator)
        assert body[part]["met"] + body[part]["missed"] == march[key].denominator


def plain(leads: list[Lead], period: Period, filters: Filters) -> dict:
    """The quarter's figures counted in plain Python from the leads and the spend."""
    def inside(lead):
        return (not filters.source or lead.source == filters.source) and \
            (not filters.campaign or lead.campaign == filters.campaign) and \
            (not filters.rep_id or lead.assigned_to_id == filters.rep_id)

    def aware(moment):
        return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment

    def judged(done, due):
        if done is not None:
            return "met" if aware(done) <= aware(due) else "missed"
        return "missed" if aware(due) < NOW else "pending"

    def rate(outcomes):
        met, missed = outcomes.count("met"), outcomes.count("missed")
        return met / (met + missed) if met + missed else None

    cohort = [x for x in leads if inside(x) and period.start <= aware(x.handed_over_at)
              < period.end]
    mqls = [x for x in cohort if x.is_mql]
    sqls = [x for x in cohort if x.status in ("accepted", "won", "lost")]
    closed = [x for x in leads if inside(x) and x.status == "won" and
              period.start <= aware(x.closed_at) < period.end]
    revenue = sum(x.deal_value for x in closed)
    # What each entry paid for: a campaign's leads, a source's leads, or everybody's.
    paid_for = {"Q1": {("webinar", "Q1")}, "ebook": {("ebook", "Brand")}, "Sales team": None}
    months = len(period.months)

    def known(channel):
        pairs = paid_for[channel]
        if not filters:
            return True
        if pairs is None or filters.rep_id:
            return False
        return all((not filters.source or s == filters.source) and
                   (not filters.campaign or c == filters.campaign) for s, c in pairs)

    def out(channel):
        pairs = paid_for[channel]
        return pairs is not None and not any(
            (not filters.source or s == filters.source) and
            (not filters.campaign or c == filters.campaign) for s, c in pairs)

    counted = [(team, channel, amount * months) for team, channel, amount in SPEND
               if not out(channel)]
    marketing = sum(a for team, channel, a in counted if team == "marketing")
    cost_known = all(known(c) for team, c, _ in counted if team == "marketing")
    spend_known = all(known(c) for _, c, _ in counted)
    spend = sum(a for _, _, a in counted)
    return {
        "leads": len(cohort), "mqls_delivered": len(mqls),
        "mql_to_sql": len(sqls) / len(mqls) if mqls else None,
        "sql_to_won": sum(x.status == "won" for x in cohort) / len(sqls) if sqls else None,
        "speed_met_rate": rate([judged(x.first_attempt_at, x.first_contact_due_at)
                                for x in mqls]),
        "persistence_rate": rate(["met" if x.attempts_count >= x.min_attempts else "missed"
                                  for x in mqls if x.status in ("disqualified", "lost")]),
        "feedback_rate": rate([judged(x.first_rated_at, x.feedback_due_at) for x in mqls]),
        "cost_per_lead": marketing / len(cohort) if cost_known and cohort else None,
        "cost_per_mql": marketing / len(mqls) if cost_known and mqls else None,
        "cac": spend / len(closed) if spend_known and closed else None,
        "roi": (revenue - spend) / spend if spend_known else None,
        "revenue_won": revenue,
    }


def test_a_quarters_figures_equal_a_plain_count_over_its_leads(reps):
    leads = build(reps)
    for filters in [*SLICES, Filters(rep_id=reps[1].id)]:
        found = catalog.figures(catalog.keys(), QUARTER, filters, now=NOW)
        wanted = plain(leads, QUARTER, filters)
        assert {key: found[key].value for key in wanted} == pytest.approx(wanted), filters
    whole = catalog.figures(["cost_per_lead", "cac", "roi"], QUARTER, now=NOW)
    assert whole["cost_per_lead"].numerator == 3 * 5_500_00  # three months of marketing spend
    assert whole["roi"].denominator == 3 * 11_500_00
    by_rep = catalog.figures(["cost_per_lead", "revenue_won"], QUARTER,
                             Filters(rep_id=reps[0].id), now=NOW)
    assert by_rep["cost_per_lead"].value is by_rep["cost_per_lead"].numerator is None
    assert by_rep["revenue_won"].value > 0  # the rep's own deals


def test_a_metric_month_by_month_adds_up_to_the_quarter(reps):
    build(reps)
    for key in ("speed_met_rate", "cost_per_lead", "revenue_won"):
        months = catalog.monthly(key, QUARTER, now=NOW)
        assert [label for label, _ in months] == ["2026-01", "2026-02", "2026-03"]
        for (label, figure), month in zip(months, QUARTER.months, strict=True):
            assert figure == catalog.figure(key, Period.of(month), now=NOW), label
        quarter = catalog.figure(key, QUARTER, now=NOW)
        assert quarter.numerator == sum(figure.numerator for _, figure in months)


def test_a_metric_to_date_is_its_figure_from_the_periods_start(reps):
    build(reps)
    for key in ("mql_to_sql", "cost_per_mql", "roi"):
        to_date = catalog.running(key, QUARTER, now=NOW)
        assert [label for label, _ in to_date] == ["2026-01", "2026-02", "2026-03"]
        for upto, (label, figure) in enumerate(to_date, start=1):
            assert figure == catalog.figure(key, Period(QUARTER.months[:upto]), now=NOW), label


def test_a_year_costs_no_more_queries_than_a_month(reps, app):
    build(reps)
    counted = []

    def count(*_):
        counted.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        sizes = []
        for period in (Period.of(MARCH), QUARTER, Period.parse("2026", "UTC")):
            counted.clear()
            catalog.figures(catalog.keys(), period, now=NOW)
            catalog.monthly("roi", period, now=NOW)
            catalog.running("roi", period, now=NOW)
            sizes.append(len(counted))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert sizes[0] == sizes[1] == sizes[2] <= 18


def test_unknown_metrics_are_refused_with_a_clear_error():
    for call in (lambda: catalog.figure("cpl", QUARTER), lambda: catalog.monthly("cpl", QUARTER),
                 lambda: catalog.figures(["leads", "cpl"], QUARTER),
                 lambda: catalog.metric("cpl")):
        with pytest.raises(catalog.UnknownMetric, match="Unknown metric 'cpl'.*cost_per_lead"):
            call()


def test_every_metric_has_a_label_a_unit_and_a_direction():
    assert catalog.keys() == [
        "mqls_delivered", "leads", "mql_to_sql", "sql_to_won", "speed_met_rate",
        "persistence_rate", "feedback_rate", "cost_per_lead", "cost_per_mql", "cac", "roi",
        "revenue_won"]
    lower_is_better = {key for key in catalog.keys()
                       if not catalog.metric(key).higher_is_better}
    assert lower_is_better == {"cost_per_lead", "cost_per_mql", "cac"}
    assert {catalog.metric(key).unit for key in catalog.keys()} == {
        catalog.COUNT, catalog.RATE, catalog.MONEY, catalog.RATIO}
    assert "speed_met_rate" not in catalog.keys("marketing")
    assert "mqls_delivered" not in catalog.keys("sales") and "cac" in catalog.keys("sales")


def test_labels_are_marked_and_translated_where_shown(app):
    """Marked with N_() (tests/test_i18n.py checks that every marked text has its Spanish)."""
    from flask_babel import force_locale, gettext

    label = catalog.metric("speed_met_rate").label
    assert label == "First contact on time"
    with app.test_request_context(), force_locale("es"):
        assert gettext(label) == "Primer contacto a tiempo"


def test_periods_are_whole_months_in_the_workspace_zone():
    quarter = Period.parse("2026-Q2", "Europe/Madrid")
    assert quarter.labels == ["2026-04", "2026-05", "2026-06"]
    assert quarter.start == datetime(2026, 3, 31, 22, tzinfo=UTC)
    assert Period.parse("2026-H2", "UTC").labels[0] == "2026-07"
    assert len(Period.parse("2027", "UTC").months) == 12
    assert Period.parse("2026-03", "UTC") == Period.of(MARCH)
    for text in ("2026-Q5", "2026-13", "26-Q1", "", "2026-q1"):
        with pytest.raises(ValueError, match="Not a period"):
            Period.parse(text, "UTC")
