"""The monthly lead sums stay equal to grouping the leads live, whatever changes the leads:
services, API-style batches, CSV imports and re-imports, deletes and a change of time zone."""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, true, update

from tests.factories import make_user
from tests.lead_builders import MQL, T0, make_lead, sla_in_force
from workspace import clock
from workspace.admin.services import update_workspace, workspace_settings
from workspace.extensions import db
from workspace.leads import importing, services, stats
from workspace.leads.models import Lead, LeadMonth
from workspace.metrics.scorecard import scorecard
from workspace.months import Month
from workspace.sqltime import whole_seconds


def summed() -> dict:
    rows = db.session.execute(select(LeadMonth)).scalars()
    return {(r.month, r.assigned_to_id, r.source, r.campaign):
            tuple(getattr(r, name) for name in stats.COUNTERS)
            for r in rows if any(getattr(r, name) for name in stats.COUNTERS)}


def live() -> dict:
    return {tuple(row[:4]): tuple(int(v) for v in row[4:])
            for row in db.session.execute(stats.contribution(true()))}


def assert_in_step(when: str) -> None:
    assert summed() == live(), when
    for handed, first, seconds in db.session.execute(select(
            Lead.handed_over_at, Lead.first_attempt_at, Lead.first_contact_seconds)):
        assert seconds == (whole_seconds(first - handed) if first else None), when


def test_every_kind_of_change_keeps_the_sums_equal_to_the_leads():
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    sla_in_force(marketing, sales)
    reps = [make_user("sales", "member") for _ in range(3)]
    marketer = make_user("marketing", "member")
    rng = random.Random(11)
    leads = []
    for _ in range(30):
        at = T0 + timedelta(days=rng.randint(0, 50), minutes=rng.randint(0, 1440))
        leads.append(make_lead(marketer, at=at, assigned_to=rng.choice(reps),
                               source=rng.choice(["webinar", "ebook", "paid"]),
                               campaign=rng.choice(["Q1", "Q2", ""]),
                               employees=rng.choice([20, 250, 900])))
    assert_in_step("handed over one by one")
    clock.freeze(T0 + timedelta(days=60))
    batch = [({**MQL, "company": f"Batch {n}", "campaign": "API"}, None,
              T0 + timedelta(days=n)) for n in range(20)]
    leads += services.hand_over_many(marketer, batch)
    db.session.commit()
    assert_in_step("a batch of new leads")
    for lead in rng.sample(leads, 25):
        rep = db.session.get(type(lead.assigned_to), lead.assigned_to_id)
        for _ in range(rng.randint(1, 4)):
            services.log_attempt(lead, rep, "call", "no_answer",
                                 at=lead.handed_over_at + timedelta(minutes=rng.randint(1, 300)))
        verdict = rng.choice(["accepted", "nurture", "disqualified"])
        services.rate(lead, rep, rng.randint(1, 5), verdict, "fits" if verdict == "accepted"
                      else "no_need", confirm_below_minimum=True)
        if verdict == "accepted" and rng.random() < 0.7:
            won = rng.random() < 0.6
            services.close(lead, rep, won, 5_000_00 if won else None,
                           "both" if won else None, "" if won else "price")
    assert_in_step("attempts, ratings, deals")
    services.reassign(leads[0], sales, reps[1] if leads[0].assigned_to_id != reps[1].id
                      else reps[2])
    won = [lead for lead in leads if lead.status == "won"]
    services.change_attribution(won[0], marketing, "marketing", "Their webinar")
    leads[1].source, leads[1].employees = "partner", 5  # a CRM re-post changes its fields
    services.qualify(leads[1])
    db.session.commit()
    db.session.delete(next(lead for lead in leads[2:] if lead.attempts_count == 0))
    db.session.commit()
    assert_in_step("reassigned, credit changed, re-posted, deleted")


def test_imports_and_re_imports_keep_the_sums_equal():
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    make_user("sales", "member")
    clock.freeze(T0 + timedelta(days=1))
    importer = make_user("marketing", "member")
    header = "external_id,company,employees,marketing_budget_monthly,last_engaged_at,source," \
             "campaign,handed_over_at\n"
    first = "".join(f"crm-{n},Firm {n},{100 + n * 10},45000,2026-03-01,webinar,Q1,"
                    f"2026-03-0{1 + n % 2}\n" for n in range(8))
    importing.import_file(importer, "a.csv", (header + first).encode(), "UTC")
    assert_in_step("imported")
    again = "".join(f"crm-{n},Firm {n},{5 if n % 2 else 500},45000,2026-03-01,ebook,Q2,2026-03-01\n"
                    for n in range(4, 12))
    batch = importing.import_file(importer, "b.csv", (header + again).encode(), "UTC")
    assert (batch.created_count, batch.updated_count) == (4, 4)
    assert_in_step("re-imported: four updated, four new")


def test_months_follow_the_workspace_zone_and_a_change_of_zone_moves_them():
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"),
                 at=datetime(2026, 3, 1, tzinfo=UTC))
    rep, marketer = make_user("sales", "member"), make_user("marketing", "member")
    late_march_utc = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # already April in Madrid
    engaged = {"last_engaged_at": late_march_utc - timedelta(days=1)}
    make_lead(marketer, at=late_march_utc, assigned_to=rep, **engaged)
    now = datetime(2026, 5, 1, tzinfo=UTC)
    assert scorecard(Month.of(2026, 3, "UTC"), now, None).delivered == 1
    settings = workspace_settings()
    rep_lead = db.session.scalars(select(Lead)).first()
    clock.freeze(now)
    services.log_attempt(rep_lead, rep, "call", "connected",
                         at=late_march_utc + timedelta(minutes=7, seconds=29, microseconds=6))
    update_workspace(settings.name, settings.currency, "Europe/Madrid")
    assert_in_step("after the change of zone (months and seconds recomputed in SQL)")
    assert rep_lead.first_contact_seconds == 7 * 60 + 29
    assert scorecard(Month.of(2026, 3, "Europe/Madrid"), now, None).delivered == 0
    assert scorecard(Month.of(2026, 4, "Europe/Madrid"), now, None).delivered == 1
    make_lead(marketer, at=late_march_utc, assigned_to=rep, **engaged)  # new leads use the new zone
    assert db.session.scalars(select(Lead.handoff_month)).all() == ["2026-04", "2026-04"]
    assert_in_step("a new lead in the new zone")


def test_a_rep_changed_through_the_relationship_moves_the_lead_too():
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    first, second = make_user("sales", "member"), make_user("sales", "member")
    lead = make_lead(make_user("marketing", "member"), assigned_to=first)
    clock.freeze(None)
    lead.assigned_to = second
    db.session.commit()
    assert_in_step("assigned_to set, not assigned_to_id")


def test_seconds_to_first_contact_computed_in_sql_match_python_exactly():
    """The migration fills first_contact_seconds in SQL; on SQLite from the stored text in
    integers (julianday's floats disagree by a second near half seconds)."""
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    rep, marketer = make_user("sales", "member"), make_user("marketing", "member")
    for micro_handed, micro_first in ((999_869, 305_948), (0, 500_000), (1, 500_000),
                                      (999_999, 499_999), (427_606, 927_881)):
        handed = T0.replace(microsecond=micro_handed)
        lead = make_lead(marketer, at=handed, assigned_to=rep)
        clock.freeze(handed + timedelta(hours=3))
        services.log_attempt(lead, rep, "call", "connected",
                             at=(handed + timedelta(minutes=31)).replace(microsecond=micro_first))
    hooked = dict(db.session.execute(select(Lead.id, Lead.first_contact_seconds)).all())
    db.session.execute(update(Lead).values(first_contact_seconds=None))
    stats.fill_first_contact_seconds(db.session.connection())
    db.session.commit()
    assert dict(db.session.execute(select(Lead.id, Lead.first_contact_seconds)).all()) == hooked
    assert_in_step("filled in SQL")
