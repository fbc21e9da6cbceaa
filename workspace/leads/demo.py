"""Six months of demo leads whose quality differs by source, worked by reps of differing speed."""

import random
from datetime import timedelta

from workspace import clock
from workspace.auth.models import User
from workspace.extensions import db
from workspace.leads.models import ContactAttempt, Lead, Rating
from workspace.leads.services import qualify

# source, campaign, share of leads, chance a lead really fits, chance sales accepts a fit
SOURCES = [
    ("webinar", "Q-series webinars", 0.30, 0.75, 0.7),
    ("ebook", "Pricing ebook", 0.30, 0.50, 0.5),
    ("paid search", "Brand keywords", 0.25, 0.30, 0.3),
    ("event", "Madrid trade fair", 0.15, 0.80, 0.75),
]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne",
             "Tyrell", "Soylent", "Cyberdyne", "Aperture", "Gringotts", "Monarch", "Wonka",
             "Nakatomi", "Oceanic", "Prestige", "Sirius", "Zenith"]
SUFFIXES = ["Ibérica", "Labs", "Group", "Retail", "Logistics", "Health", "Media", "Foods",
            "Software", "Energía"]
INDUSTRIES = ["software", "retail", "logistics", "healthcare", "media", "manufacturing"]
COUNTRIES = ["es", "mx", "co", "ar", "us", "gb"]
GOOD = ["Budget confirmed, demo booked for next week.", "Decision maker on the call, keen.",
        "Exactly our profile: growing team, real pain."]
BAD = ["Student downloading the ebook for a thesis.", "Agency reselling, not a buyer.",
       "Said they filled the form by mistake.", "Only 30 people; the form said 300.",
       "No budget until next fiscal year."]
FIRST = ["Ana", "Luis", "María", "Pedro", "Laura", "Jorge", "Sofía", "Diego", "Emma", "Noah"]
LAST = ["García", "López", "Martín", "Sánchez", "Pérez", "Smith", "Jones", "Díaz", "Ruiz"]


def seed_leads(people: dict[str, User], reps: list[User], days: int = 180,
               per_day: int = 6) -> None:
    rng = random.Random(2026)
    now = clock.now()
    # Each rep's usual minutes to first contact: some fast, one slow.
    speed = {rep.id: minutes for rep, minutes in zip(reps, [25, 40, 95, 30, 55], strict=False)}
    marketers = [people["marketer"], people["marketing_head"]]
    rep_index = 0
    for day in range(days, 0, -1):
        for _ in range(rng.randint(per_day - 3, per_day + 3)):
            handed = now - timedelta(days=day, minutes=rng.randint(0, 600))
            source = _pick_source(rng)
            fits = rng.random() < source[3]
            lead = Lead(**_fields(rng, source, fits, handed), handed_over_at=handed,
                        handed_over_by_id=rng.choice(marketers).id, status="new")
            qualify(lead)
            rep = reps[rep_index % len(reps)]
            rep_index += 1
            lead.assigned_to_id = rep.id
            db.session.add(lead)
            db.session.flush()
            _work(rng, lead, rep, speed.get(rep.id, 45), fits, source[4], now)
        if day % 20 == 0:
            db.session.commit()
    db.session.commit()


def _pick_source(rng):
    roll, total = rng.random(), 0.0
    for source in SOURCES:
        total += source[2]
        if roll <= total:
            return source
    return SOURCES[-1]


def _fields(rng, source, fits, handed) -> dict:
    name = f"{rng.choice(COMPANIES)} {rng.choice(SUFFIXES)}"
    return {
        "company": name, "contact_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "email": f"{name.split()[0].lower()}{rng.randint(1, 99999)}@example.test",
        "employees": rng.randint(120, 2000) if fits else rng.randint(5, 140),
        "marketing_budget_monthly": rng.randint(32_000, 200_000) * 100 if fits
        else rng.randint(2_000, 40_000) * 100,
        "industry": rng.choice(INDUSTRIES), "country": rng.choice(COUNTRIES),
        "last_engaged_at": handed - timedelta(days=rng.randint(0, 25 if fits else 60)),
        "source": source[0], "campaign": source[1],
    }


def _work(rng, lead: Lead, rep: User, minutes: int, fits: bool, accept_rate: float,
          now) -> None:
    """Attempts, a rating and maybe a deal, as the rep would have logged them."""
    first = lead.handed_over_at + timedelta(minutes=max(3, int(rng.gauss(minutes, minutes / 3))))
    recent = now - lead.handed_over_at < timedelta(days=3)
    if first > now or (recent and rng.random() < 0.5):
        return  # not contacted yet: only the last days' leads wait
    attempts = rng.randint(2, 6)
    at = first
    for number in range(attempts):
        if at > now:
            break
        outcome = "connected" if number == attempts - 1 and rng.random() < 0.7 else "no_answer"
        db.session.add(ContactAttempt(lead_id=lead.id, rep_id=rep.id, at=at,
                                      channel=rng.choice(["call", "call", "email", "linkedin"]),
                                      outcome=outcome))
        lead.attempts_count += 1
        at += timedelta(hours=rng.randint(2, 30))
    lead.first_attempt_at, lead.status = first, "working"
    rated_at = max(lead.handed_over_at + timedelta(hours=max(1, rng.gauss(30, 18))),
                   at - timedelta(hours=1))
    if rated_at > now or (recent and rng.random() < 0.5):
        return
    accepted = fits and rng.random() < accept_rate
    verdict = "accepted" if accepted else rng.choice(["nurture", "disqualified"])
    reason = "fits" if accepted else rng.choice(
        ["no_budget", "no_need", "bad_timing", "wrong_contact", "rule:0"])
    rating = rng.randint(4, 5) if accepted else rng.randint(1, 3)
    comment = rng.choice(GOOD if accepted else BAD) if rng.random() < 0.3 else ""
    db.session.add(Rating(lead_id=lead.id, rep_id=rep.id, at=rated_at, rating=rating,
                          verdict=verdict, reason=reason, comment=comment))
    lead.status, lead.rating, lead.first_rated_at = verdict, rating, rated_at
    lead.disqualified_below_minimum = verdict == "disqualified" and lead.attempts_count < (
        lead.min_attempts or 0)
    closed_at = rated_at + timedelta(days=rng.randint(10, 60))
    if accepted and closed_at < now and rng.random() < 0.6:
        won = rng.random() < 0.45
        lead.status, lead.closed_at = ("won" if won else "lost"), closed_at
        if won:
            lead.deal_value = rng.randint(8, 90) * 1000 * 100
            lead.attribution = rng.choice(["marketing", "both", "both", "sales"])
        else:
            lead.lost_reason = rng.choice(["Chose a competitor", "Budget frozen", "No decision"])


def seed_spend(people: dict[str, User], months: int = 6) -> None:
    """What each campaign cost, and the sales team's cost, for the demo's months."""
    from workspace.metrics.models import Spend

    now = clock.now()
    for back in range(months, -1, -1):
        year, month = now.year, now.month - back
        while month < 1:
            year, month = year - 1, month + 12
        label = f"{year:04d}-{month:02d}"
        for campaign, amount in (("Q-series webinars", 6_000), ("Pricing ebook", 4_000),
                                 ("Brand keywords", 9_000), ("Madrid trade fair", 12_000)):
            db.session.add(Spend(month=label, team="marketing", channel=campaign,
                                 amount=amount * 100, entered_by_id=people["marketing_head"].id))
        db.session.add(Spend(month=label, team="sales", channel="Sales team", amount=25_000 * 100,
                             entered_by_id=people["sales_head"].id))
    db.session.commit()
