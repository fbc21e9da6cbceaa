"""Bulk glossary data for the harness: thousands of terms with their revisions, in seconds.

Run after `flask seed-demo` on the same database:

    from bench.bulk_glossary import add_terms
    add_terms("sqlite:////tmp/bench.db", terms=2000, revisions_per_term=10)

or from the repository root: `.venv/bin/python bench/bulk_glossary.py sqlite:////tmp/x.db`.

Rows go in with SQLAlchemy Core executemany inserts (no service call per term), so no activity,
notifications or term mentions are written for them; only `terms` and `term_revisions`. Names
are word combinations (a number is appended only if the combinations run out), so they read like
a real glossary and the term linker sees realistic phrases. Deterministic: same arguments, same
rows.
"""

import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

QUALIFIERS = ["Inbound", "Outbound", "Qualified", "Net-new", "Enterprise", "Mid-market", "SMB",
              "Partner", "Organic", "Paid", "Expansion", "Renewal", "Self-serve", "Regional",
              "Strategic", "Dormant", "Recycled", "Target", "Named", "Channel", "Weighted",
              "Blended", "Trial", "Event", "Referral"]
SUBJECTS = ["lead", "account", "opportunity", "pipeline", "campaign", "contact", "deal",
            "prospect", "segment", "touchpoint", "funnel", "quota", "territory", "persona",
            "cohort", "handoff", "demo request", "webinar", "nurture track", "intent signal"]
MEASURES = ["", "velocity", "coverage", "score", "stage", "source", "win rate",
            "conversion", "owner", "SLA", "attribution", "churn", "backlog", "forecast",
            "response time", "cost"]
ACRONYM_TEAM = {"velocity": "sales", "coverage": "sales", "win rate": "sales", "quota": "sales",
                "territory": "sales", "forecast": "sales", "deal": "sales",
                "opportunity": "sales"}

OPENINGS = [
    "The {name} is how both teams describe {subject_a} that {verb} within a reporting period.",
    "{name} means every {subject} that {verb}, counted once per account.",
    "We use {name} for the share of {subject_a} that {verb} before the quarter closes.",
    "{name} is the agreed label for {subject_a} that {verb} and has an owner in the CRM.",
]
MIDDLES = [
    "Marketing reports it weekly from the automation platform; sales checks it in the Monday "
    "pipeline review.",
    "It excludes test records, competitors and existing customers unless the deal is an "
    "upsell.",
    "A record leaves this state when a rep logs a meeting or after {days} days without a "
    "touch.",
    "The number is compared with the target in the shared dashboard, not with last year's.",
    "Only contacts with a business email address and a known company size count.",
    "Sales accepts or rejects it within {hours} working hours, as the SLA says.",
]
CLOSINGS = [
    "If in doubt, ask the {team} head before using it in a board report.",
    "Related figures live on the funnel page; use the same date range when comparing.",
    "This replaces the older spreadsheet definition from the {year} planning cycle.",
    "",
]
VERBS = ["reaches the MQL threshold", "books a discovery call", "opens a trial",
         "replies to a sequence", "is handed to sales", "requests pricing",
         "attends a webinar", "matches the ideal customer profile"]
SUMMARIES = ["tightened the definition", "added an example", "clarified who owns it",
             "fixed a typo", "aligned with the SLA", "added an alias", "reworded for sales",
             "updated the threshold", "linked related terms"]


def _names(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """`count` distinct (name, subject) pairs; numbered only once the combinations run out."""
    combos = [(q, s, m) for q in QUALIFIERS for s in SUBJECTS for m in MEASURES]
    rng.shuffle(combos)
    names = []
    for index in range(count):
        qualifier, subject, measure = combos[index % len(combos)]
        name = " ".join(part for part in (qualifier, subject, measure) if part)
        round_ = index // len(combos)
        if round_:
            name = f"{name} {round_ + 1}"
        names.append((name[0].upper() + name[1:], subject))
    return names


def _definition(name: str, subject: str, team: str, rng: random.Random, revision: int) -> str:
    article = "an" if subject[0] in "aeiou" else "a"
    sentences = [rng.choice(OPENINGS).format(name=name, subject=subject,
                                             subject_a=f"{article} {subject}",
                                             verb=rng.choice(VERBS))]
    for middle in rng.sample(MIDDLES, rng.randint(1, 2)):
        sentences.append(middle.format(days=rng.choice((14, 30, 45, 90)),
                                       hours=rng.choice((4, 8, 24, 48))))
    closing = rng.choice(CLOSINGS).format(team=team, year=2020 + revision % 5)
    if closing:
        sentences.append(closing)
    return " ".join(sentences)


def _aliases(name: str, rng: random.Random) -> str:
    words = name.replace("-", " ").split()
    acronym = "".join(w[0] for w in words if w[0].isalpha()).upper()
    if rng.random() < 0.3 and len(acronym) >= 3:
        return acronym
    if rng.random() < 0.2:
        return name.lower() + "s"
    return ""


def add_terms(database_url: str, terms: int = 2000, revisions_per_term: int = 10) -> int:
    """Insert `terms` extra terms with `revisions_per_term` revisions each; return how many."""
    if terms <= 0:
        return 0
    if revisions_per_term < 1:
        raise ValueError("revisions_per_term must be at least 1")
    os.environ.setdefault("SECRET_KEY", "bench")  # else create_app writes instance/secret_key
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from sqlalchemy import insert, select

    from workspace import create_app
    from workspace.auth.models import User
    from workspace.extensions import db
    from workspace.glossary.models import Term, TermRevision
    from workspace.text import fold, slugify

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    rng = random.Random(f"glossary-{terms}-{revisions_per_term}")
    with app.app_context(), db.engine.begin() as conn:
        users = list(conn.scalars(select(User.id).where(User.team.is_not(None),
                                                     User.joined_at.is_not(None))
                                  .order_by(User.id)))
        if not users:
            raise RuntimeError("no users: run `flask seed-demo` first")
        taken_keys = set(conn.scalars(select(Term.name_key)))
        taken_slugs = set(conn.scalars(select(Term.slug)))
        existing_names = list(conn.scalars(select(Term.name).order_by(Term.id)))
        next_id = (conn.scalar(select(Term.id).order_by(Term.id.desc()).limit(1)) or 0) + 1

        now = datetime.now(UTC).replace(microsecond=0)
        term_rows, revision_rows, new_names = [], [], []
        for name, subject in _names(terms + len(taken_keys), rng):
            if len(term_rows) == terms:
                break
            key, slug = fold(name), slugify(name)[:120]
            if key in taken_keys or slug in taken_slugs:
                continue
            taken_keys.add(key)
            taken_slugs.add(slug)
            team = ACRONYM_TEAM.get(subject) or rng.choice(("marketing", "sales"))
            for word in name.lower().split():
                team = ACRONYM_TEAM.get(word, team)
            aliases = _aliases(name, rng)
            pool = existing_names + new_names[-50:]
            related = "\n".join(rng.sample(pool, min(len(pool), rng.randint(0, 3))))
            examples = (f"- {rng.choice(VERBS).capitalize()}: counted once, on the first "
                        f"day it happens." if rng.random() < 0.5 else "")
            created = now - timedelta(days=rng.randint(30, 700), minutes=rng.randint(0, 1440))
            step = (now - created) / (revisions_per_term + 1)
            when = created
            snapshot = {}
            for number in range(1, revisions_per_term + 1):
                when = created + step * (number - 1)
                snapshot = {"name": name, "aliases": aliases,
                            "definition": _definition(name, subject, team, rng, number),
                            "examples": examples, "owner_team": team, "related": related}
                revision_rows.append({
                    "document_id": next_id, "number": number, "snapshot": snapshot,
                    "summary": "created" if number == 1 else rng.choice(SUMMARIES),
                    "created_at": when, "author_id": rng.choice(users)})
            roll = rng.random()
            if roll < 0.7:
                status, approved = "agreed", revisions_per_term
            elif roll < 0.85 and revisions_per_term > 1:
                status, approved = "reapproval", revisions_per_term - 1
            elif roll < 0.95:
                status, approved = "proposed", None
            else:
                status, approved = "deprecated", None
            term_rows.append({
                "id": next_id, "slug": slug, "name_key": key, **snapshot,
                "search_text": fold(" ".join([name, aliases, snapshot["definition"]])),
                "status": status, "approved_revision": approved, "replacement_id": None,
                "created_at": created, "updated_at": when,
                "updated_by_id": revision_rows[-1]["author_id"],
                "current_revision": revisions_per_term})
            new_names.append(name)
            next_id += 1
        # The tables' own column types convert datetimes (UTCDateTime wants aware ones) and
        # snapshots (JSON), so this is right on SQLite and PostgreSQL alike.
        conn.execute(insert(Term.__table__), term_rows)
        for start in range(0, len(revision_rows), 5000):
            conn.execute(insert(TermRevision.__table__), revision_rows[start:start + 5000])
    return len(term_rows)


if __name__ == "__main__":
    import time

    if len(sys.argv) < 2:
        sys.exit("usage: bench/bulk_glossary.py DATABASE_URL [TERMS] [REVISIONS_PER_TERM]")
    began = time.monotonic()
    added = add_terms(sys.argv[1], *(int(a) for a in sys.argv[2:4]))
    print(f"added {added} terms in {time.monotonic() - began:.1f} s")
