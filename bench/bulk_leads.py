"""Bulk lead data for the scale benchmark: 500,000 leads and 2,000,000 attempts in minutes.

Run after `flask seed-demo` on the same database:

    from bench.bulk_leads import add_leads
    add_leads("sqlite:////tmp/bench.db", leads=500_000, attempts_per_lead=4)

or from the repository root: `.venv/bin/python bench/bulk_leads.py sqlite:////tmp/x.db 500000`.

Rows go in with SQLAlchemy Core executemany inserts, 10,000 rows per execute (no service call
per lead), so no notifications, follows or activity are written for them; only `leads`,
`contact_attempts` and `ratings`. The shape follows workspace/leads/demo.py: hand-offs spread
evenly over the last 12 months (ids in hand-off order), four sources of differing quality,
round-robin over the demo's sales reps, each rep with a usual speed to first contact; leads
older than three days are all contacted, most are rated, accepted ones are often won or lost.
Each lead is judged by the signed SLA version in force at its hand-off (sla.rules.check), so
is_mql, reasons, min_attempts and the deadlines are what the app would have stored; leads
handed over before the first version took effect have none. Deterministic: same arguments,
same rows.
"""

import os
import random
import sys
import time
from bisect import bisect_right
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# source, campaign, share of leads, chance a lead really fits, chance sales accepts a fit
SOURCES = [
    ("webinar", "Q-series webinars", 0.22, 0.75, 0.7),
    ("webinar", "Product tour live", 0.08, 0.70, 0.65),
    ("ebook", "Pricing ebook", 0.20, 0.50, 0.5),
    ("ebook", "RevOps playbook", 0.10, 0.45, 0.45),
    ("paid search", "Brand keywords", 0.15, 0.30, 0.3),
    ("paid search", "Competitor keywords", 0.10, 0.20, 0.25),
    ("event", "Madrid trade fair", 0.10, 0.80, 0.75),
    ("event", "London roadshow", 0.05, 0.75, 0.7),
]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne",
             "Tyrell", "Soylent", "Cyberdyne", "Aperture", "Gringotts", "Monarch", "Wonka",
             "Nakatomi", "Oceanic", "Prestige", "Sirius", "Zenith"]
SUFFIXES = ["Ibérica", "Labs", "Group", "Retail", "Logistics", "Health", "Media", "Foods",
            "Software", "Energía"]
INDUSTRIES = ["software", "retail", "logistics", "healthcare", "media", "manufacturing"]
COUNTRIES = ["es", "mx", "co", "ar", "us", "gb"]
FIRST = ["Ana", "Luis", "María", "Pedro", "Laura", "Jorge", "Sofía", "Diego", "Emma", "Noah"]
LAST = ["García", "López", "Martín", "Sánchez", "Pérez", "Smith", "Jones", "Díaz", "Ruiz"]
CHANNELS = ["call", "call", "email", "linkedin", "call", "meeting"]
REJECTIONS = ["no_budget", "no_need", "bad_timing", "wrong_contact", "rule:0"]
LOST = ["Chose a competitor", "Budget frozen", "No decision"]
SPEEDS = [25, 40, 95, 30, 55]  # each rep's usual minutes to first contact, as in the demo

BATCH = 10_000  # rows per executemany


def external_id(lead_id: int) -> str | None:
    """Seven leads in ten came from the CRM and carry its id; the rest came from forms."""
    return f"crm-{lead_id}" if lead_id % 10 < 7 else None


def _pick(rng: random.Random, cumulative: list[float]):
    return SOURCES[min(bisect_right(cumulative, rng.random()), len(SOURCES) - 1)]


class _Versions:
    """The signed SLA versions by effective start, to judge each lead as qualify() would."""

    def __init__(self, rows):
        rows = sorted(rows, key=lambda v: (v.effective_from, v.number))
        self.starts = [v.effective_from for v in rows]
        self.rows = rows

    def at(self, moment: datetime):
        index = bisect_right(self.starts, moment) - 1
        return self.rows[index] if index >= 0 else None


def add_leads(database_url: str, leads: int = 500_000, attempts_per_lead: int = 4,
              analyze: bool | None = None, progress=None) -> dict:
    """Insert `leads` leads with about `attempts_per_lead` attempts each; return the counts.

    `analyze`: run ANALYZE afterwards. None (default) does so on PostgreSQL only, as autovacuum
    would shortly after a load; the app never analyzes SQLite, so neither does this by default.
    """
    if leads <= 0:
        return {"leads": 0, "attempts": 0, "ratings": 0}
    if attempts_per_lead < 1:
        raise ValueError("attempts_per_lead must be at least 1")
    os.environ.setdefault("SECRET_KEY", "bench")  # else create_app writes instance/secret_key
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from sqlalchemy import func, insert, select, text

    from workspace import create_app
    from workspace.auth.models import User
    from workspace.extensions import db
    from workspace.leads import stats
    from workspace.leads.models import ContactAttempt, Lead, Rating
    from workspace.sla.models import AgreementVersion
    from workspace.sla.rules import check
    from workspace.sqltime import whole_seconds

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    rng = random.Random(f"leads-{leads}-{attempts_per_lead}")
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=365)
    step = (now - start) / leads
    cumulative, total = [], 0.0
    for source in SOURCES:
        total += source[2]
        cumulative.append(total)
    counts = {"leads": 0, "attempts": 0, "ratings": 0}

    with app.app_context():
        engine = db.engine
        with engine.connect() as conn:
            reps = list(conn.scalars(select(User.id).where(
                User.team == "sales", User.role == "member", User.kind == "person",
                User.deactivated_at.is_(None), User.joined_at.is_not(None)).order_by(User.id)))
            marketers = list(conn.scalars(select(User.id).where(
                User.team == "marketing", User.kind == "person",
                User.joined_at.is_not(None)).order_by(User.id)))
            versions = _Versions(conn.execute(select(
                AgreementVersion.number, AgreementVersion.effective_from,
                AgreementVersion.mql_rules, AgreementVersion.min_attempts,
                AgreementVersion.first_contact_minutes, AgreementVersion.feedback_hours)
                .where(AgreementVersion.status == "signed",
                       AgreementVersion.effective_from.is_not(None))).all())
            first_id = (conn.scalar(select(func.max(Lead.id))) or 0) + 1
            zone = stats.workspace_zone(conn)
        if not reps or not marketers:
            raise RuntimeError("no sales reps or marketers: run `flask seed-demo` first")
        speed = {rep: SPEEDS[i % len(SPEEDS)] for i, rep in enumerate(reps)}

        lead_rows, attempt_rows, rating_rows = [], [], []

        def flush(conn, final: bool = False) -> None:
            if lead_rows:
                conn.execute(insert(Lead.__table__), lead_rows)
                counts["leads"] += len(lead_rows)
                lead_rows.clear()
            for rows, table, key in ((attempt_rows, ContactAttempt.__table__, "attempts"),
                                     (rating_rows, Rating.__table__, "ratings")):
                while len(rows) >= BATCH or (final and rows):
                    chunk = rows[:BATCH]
                    conn.execute(insert(table), chunk)
                    counts[key] += len(chunk)
                    del rows[:BATCH]

        for offset in range(leads):
            lead_id = first_id + offset
            handed = start + step * offset + timedelta(
                seconds=rng.uniform(0, step.total_seconds()))
            handed = handed.replace(microsecond=0)
            source = _pick(rng, cumulative)
            fits = rng.random() < source[3]
            company = f"{rng.choice(COMPANIES)} {rng.choice(SUFFIXES)}"
            engaged = handed - timedelta(days=rng.randint(0, 25 if fits else 60),
                                         hours=rng.randint(0, 23))
            row = {
                "id": lead_id, "external_id": external_id(lead_id), "company": company,
                "contact_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "email": f"{company.split()[0].lower()}.{lead_id}@example.test",
                "phone": "", "employees": rng.randint(120, 2000) if fits else rng.randint(5, 140),
                "marketing_budget_monthly": rng.randint(32_000, 200_000) * 100 if fits
                else rng.randint(2_000, 40_000) * 100,
                "industry": rng.choice(INDUSTRIES), "country": rng.choice(COUNTRIES),
                "last_engaged_at": engaged, "source": source[0], "campaign": source[1],
                "handed_over_at": handed, "handed_over_by_id": rng.choice(marketers),
                "assigned_to_id": reps[offset % len(reps)], "status": "new",
                "first_attempt_at": None, "attempts_count": 0, "first_rated_at": None,
                "rating": None, "disqualified_below_minimum": False, "deal_value": None,
                "closed_at": None, "attribution": None, "lost_reason": "", "row_version": 1,
            }
            version = versions.at(handed)
            if version is None:
                row.update(is_mql=None, sla_version=None, reasons=[], min_attempts=None,
                           first_contact_due_at=None, feedback_due_at=None)
            else:
                qualifies, reasons = check(version.mql_rules, row, handed)
                row.update(is_mql=qualifies, sla_version=version.number,
                           reasons=[r.as_dict() for r in reasons],
                           min_attempts=version.min_attempts,
                           first_contact_due_at=handed + timedelta(
                               minutes=version.first_contact_minutes),
                           feedback_due_at=handed + timedelta(hours=version.feedback_hours))
            _work(rng, row, speed[row["assigned_to_id"]], fits, source[4], now,
                  attempts_per_lead, attempt_rows, rating_rows)
            # What the ORM hooks of workspace.leads.stats fill in for the services.
            row["handoff_month"] = stats.month_of(handed, zone)
            row["first_contact_seconds"] = whole_seconds(row["first_attempt_at"] - handed) \
                if row["first_attempt_at"] else None
            lead_rows.append(row)
            if len(lead_rows) >= BATCH:
                with engine.begin() as conn:
                    flush(conn)
                if progress:
                    progress(counts)
        with engine.begin() as conn:
            flush(conn, final=True)
            # The rows went in past the ORM: the monthly sums are computed here at once.
            stats.resum(conn)
            if conn.dialect.name == "postgresql":
                # Explicit ids bypass the sequence; later inserts must not collide with them.
                conn.execute(text("SELECT setval(pg_get_serial_sequence('leads', 'id'), "
                                  "(SELECT max(id) FROM leads))"))
        do_analyze = engine.dialect.name == "postgresql" if analyze is None else analyze
        if do_analyze:
            with engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
    return counts


def _work(rng, lead: dict, minutes: int, fits: bool, accept_rate: float, now: datetime,
          attempts_per_lead: int, attempt_rows: list, rating_rows: list) -> None:
    """Attempts, a rating and maybe a deal, as the rep would have logged them (demo.py)."""
    handed = lead["handed_over_at"]
    first = handed + timedelta(minutes=max(3, int(rng.gauss(minutes, minutes / 3))))
    recent = now - handed < timedelta(days=3)
    if first > now or (recent and rng.random() < 0.5):
        return  # not contacted yet: only the last days' leads wait
    attempts = rng.randint(1, 2 * attempts_per_lead - 1)
    at, done = first, 0
    for number in range(attempts):
        if at > now:
            break
        outcome = ("connected" if rng.random() < 0.7 else "meeting_booked") \
            if number == attempts - 1 else rng.choice(("no_answer", "no_answer", "left_message"))
        attempt_rows.append({"lead_id": lead["id"], "rep_id": lead["assigned_to_id"], "at": at,
                             "channel": rng.choice(CHANNELS), "outcome": outcome, "note": ""})
        done += 1
        at += timedelta(hours=rng.randint(2, 30))
    lead.update(first_attempt_at=first, attempts_count=done, status="working")
    rated_at = max(handed + timedelta(hours=max(1, rng.gauss(30, 18))),
                   at - timedelta(hours=1)).replace(microsecond=0)
    if rated_at > now or (recent and rng.random() < 0.5) or rng.random() < 0.03:
        return  # a few leads stay in work, unrated
    accepted = fits and rng.random() < accept_rate
    verdict = "accepted" if accepted else rng.choice(["nurture", "disqualified"])
    reason = "fits" if accepted else rng.choice(REJECTIONS)
    rating = rng.randint(4, 5) if accepted else rng.randint(1, 3)
    rating_rows.append({"lead_id": lead["id"], "rep_id": lead["assigned_to_id"], "at": rated_at,
                        "rating": rating, "verdict": verdict, "reason": reason, "comment": ""})
    lead.update(status=verdict, rating=rating, first_rated_at=rated_at,
                disqualified_below_minimum=verdict == "disqualified"
                and done < (lead["min_attempts"] or 0))
    closed_at = rated_at + timedelta(days=rng.randint(10, 60))
    if accepted and closed_at < now and rng.random() < 0.6:
        won = rng.random() < 0.45
        lead.update(status="won" if won else "lost", closed_at=closed_at)
        if won:
            lead.update(deal_value=rng.randint(8, 90) * 1000 * 100,
                        attribution=rng.choice(["marketing", "both", "both", "sales"]))
        else:
            lead["lost_reason"] = rng.choice(LOST)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: bench/bulk_leads.py DATABASE_URL [LEADS] [ATTEMPTS_PER_LEAD]")
    began = time.monotonic()
    added = add_leads(sys.argv[1], *(int(a) for a in sys.argv[2:4]),
                      progress=lambda c: print(f"  {c['leads']:,} leads", file=sys.stderr,
                                               end="\r", flush=True))
    print(f"added {added['leads']:,} leads, {added['attempts']:,} attempts, "
          f"{added['ratings']:,} ratings in {time.monotonic() - began:.1f} s")
