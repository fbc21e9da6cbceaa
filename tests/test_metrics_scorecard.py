"""The SLA scorecard: hand-built cases with known answers, and SQL against a plain reference."""

import random
from datetime import UTC, datetime, timedelta

from tests.factories import make_user
from workspace.extensions import db
from workspace.leads.models import Lead
from workspace.metrics.scorecard import scorecard
from workspace.months import Month

MARCH = Month.of(2026, 3, "UTC")
T = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def lead(rep, handed=T, contacted_after=None, rated_after=None, status="working",
         attempts=1, is_mql=True, min_attempts=4) -> Lead:
    row = Lead(company="X", source="webinar", campaign="Q1", handed_over_at=handed,
               assigned_to_id=rep.id, status=status, is_mql=is_mql, min_attempts=min_attempts,
               attempts_count=attempts, reasons=[],
               first_contact_due_at=handed + timedelta(minutes=60),
               feedback_due_at=handed + timedelta(hours=48),
               first_attempt_at=handed + contacted_after if contacted_after is not None
               else None,
               first_rated_at=handed + rated_after if rated_after is not None else None)
    db.session.add(row)
    db.session.commit()
    return row


def test_known_answers_with_boundaries():
    rep = make_user("sales", "member", name="Rep")
    now = datetime(2026, 4, 15, tzinfo=UTC)
    lead(rep, contacted_after=timedelta(minutes=60), rated_after=timedelta(hours=48))  # on time
    lead(rep, contacted_after=timedelta(minutes=61), rated_after=timedelta(hours=49))  # late
    lead(rep, status="disqualified", attempts=3, contacted_after=timedelta(minutes=5))
    lead(rep, status="lost", attempts=4, contacted_after=timedelta(minutes=5))
    lead(rep, handed=MARCH.end - timedelta(seconds=1))  # last second of March: counts
    lead(rep, handed=MARCH.end)  # first second of April: does not
    lead(rep, is_mql=False, contacted_after=timedelta(minutes=500))  # not an MQL: ignored
    card = scorecard(MARCH, now=now, target=100)
    assert card.delivered == 5 and card.accepted == 1  # "lost" was accepted first
    assert (card.speed.met, card.speed.missed, card.speed.pending) == (3, 2, 0)
    assert (card.persistence.met, card.persistence.missed) == (1, 1)
    assert (card.feedback.met, card.feedback.missed, card.feedback.pending) == (1, 4, 0)
    assert card.p50_minutes == 5 and card.p95_minutes == 61


def test_pending_until_the_deadline_passes_and_zero_denominators():
    rep = make_user("sales", "member")
    lead(rep, handed=T)
    early = scorecard(MARCH, now=T + timedelta(minutes=30), target=None)
    assert (early.speed.met, early.speed.missed, early.speed.pending) == (0, 0, 1)
    assert early.speed.rate is None and early.persistence.rate is None
    late = scorecard(MARCH, now=T + timedelta(minutes=61), target=None)
    assert (late.speed.missed, late.speed.pending) == (1, 0) and late.speed.rate == 0


def test_sql_agrees_with_a_plain_reference_on_random_leads():
    reps = [make_user("sales", "member") for _ in range(3)]
    rng = random.Random(7)
    now = datetime(2026, 3, 20, tzinfo=UTC)
    for _ in range(150):
        handed = MARCH.start + timedelta(minutes=rng.randint(0, 40 * 24 * 60))
        lead(rng.choice(reps), handed=handed,
             contacted_after=rng.choice([None, timedelta(minutes=rng.randint(1, 200))]),
             rated_after=rng.choice([None, timedelta(hours=rng.randint(1, 90))]),
             status=rng.choice(["working", "accepted", "disqualified", "lost", "nurture"]),
             attempts=rng.randint(0, 6), is_mql=rng.random() < 0.8)
    card = scorecard(MARCH, now=now, target=None)
    mqls = [x for x in db.session.query(Lead) if x.is_mql and MARCH.start <= x.handed_over_at
            < MARCH.end]
    assert card.delivered == len(mqls)

    def first_contact(x):
        if x.first_attempt_at is not None:
            return "met" if x.first_attempt_at <= x.first_contact_due_at else "missed"
        return "missed" if x.first_contact_due_at < now else "pending"

    def rated(x):
        if x.first_rated_at is not None:
            return "met" if x.first_rated_at <= x.feedback_due_at else "missed"
        return "missed" if x.feedback_due_at < now else "pending"

    for name, judge, share in (("speed", first_contact, card.speed),
                               ("feedback", rated, card.feedback)):
        outcomes = [judge(x) for x in mqls]
        assert (share.met, share.missed, share.pending) == tuple(
            outcomes.count(k) for k in ("met", "missed", "pending")), name
    negative = [x for x in mqls if x.status in ("disqualified", "lost")]
    assert card.persistence.met == sum(x.attempts_count >= x.min_attempts for x in negative)
    delays = sorted(round((x.first_attempt_at - x.handed_over_at).total_seconds()) / 60
                    for x in mqls if x.first_attempt_at is not None)
    nearest = delays[max(0, -(-len(delays) * 50 // 100) - 1)]
    assert card.p50_minutes == nearest
    assert sum(score.speed.met for score in card.by_rep) == card.speed.met


def test_the_trend_matches_each_months_scorecard_in_one_query():
    from workspace.metrics.sums import monthly_sums as trend

    rep = make_user("sales", "member")
    lead(rep, handed=datetime(2026, 2, 20, tzinfo=UTC), contacted_after=timedelta(minutes=5))
    lead(rep, handed=T, contacted_after=timedelta(minutes=90))
    lead(rep, handed=T + timedelta(days=1))
    now = datetime(2026, 4, 2, tzinfo=UTC)
    months = [Month.of(2026, 2, "UTC"), MARCH, Month.of(2026, 4, "UTC")]
    rows = trend(months, now)
    assert [(r[0], r[1], r[2].met, r[2].missed) for r in rows] == [
        ("2026-02", 1, 1, 0), ("2026-03", 2, 0, 2), ("2026-04", 0, 0, 0)]
    march = scorecard(MARCH, now=now, target=None)
    assert (rows[1][2].met, rows[1][2].missed, rows[1][4].missed) == (
        march.speed.met, march.speed.missed, march.feedback.missed)
