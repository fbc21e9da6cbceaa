"""Bulk goals for the harness: hundreds of goals with thousands of check-ins, in a second.

Run after `flask seed-demo` on the same database:

    from bench.bulk_goals import add_goals
    add_goals("sqlite:////tmp/bench.db", goals=200, check_ins=4000)

or from the repository root: `.venv/bin/python bench/bulk_goals.py sqlite:////tmp/x.db`.

Every goal goes into the current quarter, the one `/goals/` shows: the worst case for that page.
Rows go in with SQLAlchemy Core executemany inserts (no service call per goal), so no activity,
notifications or follows are written; only `goals`, `goal_revisions` (one each),
`goal_check_ins` (spread over the quarter so far, typed goals with values on a pace that varies
by goal) and `goal_commitments` (one ask of the other team per four goals, in every state). A
quarter of the goals track a live metric, and only the ones the demo's goals track, unnarrowed:
the page reads the metric sums once per distinct slice, so its query count stays the demo's
whatever the number of goals. Deterministic: same arguments and day, same rows.
"""

import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The demo's live metrics (workspace/goals/demo.py): (key, baseline range, points to gain).
LIVE = [("mqls_delivered", (0, 0), 330), ("mql_to_sql", (50, 65), 8),
        ("speed_met_rate", (60, 75), 10)]
UNITS = ["case studies", "webinars", "interviews", "battlecards", "demos", "partners",
         "accounts", "reviews"]
VERBS = ["Publish", "Run", "Hold", "Refresh", "Book", "Sign", "Win back", "Complete"]
FOR_WHOM = ["with sales", "for enterprise accounts", "in Spain", "in Mexico", "for retail",
            "with the product team", "for the trade fair", "for mid-market"]
NOTES = ["On pace.", "A slow week: the fair took everyone.", "Two more booked.",
         "Waiting on the other team's list.", "Ahead after the webinar.", ""]
ASKS = ["Share the attendee list the day after.", "Tag each rejected MQL with its reason.",
        "Join two calls this month.", "Review the draft by Friday."]


def add_goals(database_url: str, goals: int = 200, check_ins: int = 4000) -> tuple[int, int]:
    """Insert `goals` goals of the current quarter and `check_ins` check-ins spread over them;
    return how many of each."""
    if goals <= 0:
        return 0, 0
    os.environ.setdefault("SECRET_KEY", "bench")  # else create_app writes instance/secret_key
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from sqlalchemy import insert, select

    from workspace import create_app
    from workspace.auth.models import User
    from workspace.extensions import db
    from workspace.goals.models import QUESTIONS, CheckIn, Commitment, Goal, GoalRevision
    from workspace.goals.periods import period_of

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    now = datetime.now(UTC).replace(microsecond=0)
    period = period_of(now.date())
    rng = random.Random(f"goals-{goals}-{check_ins}-{period.label}")
    with app.app_context(), db.engine.begin() as conn:
        people = {team: list(conn.scalars(select(User.id).where(
            User.team == team, User.joined_at.is_not(None)).order_by(User.id)))
            for team in ("marketing", "sales")}
        if not people["marketing"] or not people["sales"]:
            raise RuntimeError("no people in both teams: run `flask seed-demo` first")
        next_id = (conn.scalar(select(Goal.id).order_by(Goal.id.desc()).limit(1)) or 0) + 1
        start = datetime(period.start.year, period.start.month, period.start.day, 9, tzinfo=UTC)
        span = max(now - start, timedelta(days=1))
        goal_rows, revision_rows, check_in_rows, ask_rows = [], [], [], []
        for index in range(goals):
            goal_id, team = next_id + index, ("marketing", "sales")[index % 2]
            owner = rng.choice(people[team])
            fields = _fields(rng, index, period, owner, team)
            created = start - timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 8))
            count = check_ins // goals + (1 if index < check_ins % goals else 0)
            pace = rng.uniform(0.5, 1.2)
            moments = sorted(start + span * rng.random() for _ in range(count))
            for at in moments:
                share = min(1.0, pace * period.elapsed_share(at.date()))
                value = None if fields["metric"] else round(
                    fields["baseline"] + share * (fields["target"] - fields["baseline"]))
                check_in_rows.append({
                    "goal_id": goal_id, "author_id": owner, "at": at, "value": value,
                    "confidence": rng.choice((2, 3, 3, 4, 4, 4, 5)),
                    "progress": rng.choice(NOTES), "plans": rng.choice(NOTES),
                    "problems": rng.choice(NOTES[3:])})
            goal_rows.append({
                "id": goal_id, "period": period.label, **fields, "metric_filters": {},
                "contributor_ids": [], "status": None, "status_reason": "",
                "predecessor_id": None, "last_check_in_at": moments[-1] if moments else None,
                "created_at": created, "updated_at": created, "updated_by_id": owner,
                "current_revision": 1})
            revision_rows.append({
                "document_id": goal_id, "number": 1, "summary": "created",
                "created_at": created, "author_id": owner, "snapshot": {
                    name: (value.isoformat() if name == "deadline" else value)
                    for name, value in fields.items() if name in Goal.revision_fields}})
            if index % 4 == 0:
                other = "sales" if team == "marketing" else "marketing"
                status = ("proposed", "accepted", "done", "declined")[index // 4 % 4]
                ask_rows.append({
                    "goal_id": goal_id, "text": rng.choice(ASKS),
                    "owner_id": rng.choice(people[other]), "asked_by_id": owner,
                    "due_on": (now + timedelta(days=rng.randint(-10, 30))).date(),
                    "status": status, "created_at": created, "updated_at": created,
                    "decline_reason": "We cover it in the weekly sync." if status == "declined"
                    else ""})
        assert set(QUESTIONS) <= set(goal_rows[0])
        # The tables' own column types convert datetimes (UTCDateTime wants aware ones), dates
        # and JSON, so this is right on SQLite and PostgreSQL alike.
        conn.execute(insert(Goal.__table__), goal_rows)
        conn.execute(insert(GoalRevision.__table__), revision_rows)
        for begin in range(0, len(check_in_rows), 5000):
            conn.execute(insert(CheckIn.__table__), check_in_rows[begin:begin + 5000])
        if ask_rows:
            conn.execute(insert(Commitment.__table__), ask_rows)
    return len(goal_rows), len(check_in_rows)


def _fields(rng: random.Random, index: int, period, owner: int, team: str) -> dict:
    """A goal's revisioned fields: every fourth tracks one of the demo's live metrics."""
    if index % 4 == 3:
        key, (low, high), gain = LIVE[index // 4 % len(LIVE)]
        baseline = float(rng.randint(low, high))
        title, metric, unit, target = f"Move {key.replace('_', ' ')} ({index})", key, (
            "MQLs" if key == "mqls_delivered" else "%"), baseline + gain
    else:
        unit = rng.choice(UNITS)
        baseline = float(rng.randint(0, 20))
        title, metric, target = (f"{rng.choice(VERBS)} {unit} {rng.choice(FOR_WHOM)} "
                                 f"({index})", "", baseline + rng.randint(5, 40))
    return {"title": title, "owner_team": team, "owner_id": owner, "metric": metric,
            "unit": unit, "baseline": baseline, "target": target, "direction": "increase",
            "measured_how": "", "deadline": period.end - timedelta(days=1),
            "why": "Both heads asked for it in the planning meeting.",
            "initiatives": "- Weekly review\n- A shared list", "obstacles": "",
            "resources": "", "other_team_help": rng.choice(ASKS)}


if __name__ == "__main__":
    import time

    if len(sys.argv) < 2:
        sys.exit("usage: bench/bulk_goals.py DATABASE_URL [GOALS] [CHECK_INS]")
    began = time.monotonic()
    added = add_goals(sys.argv[1], *(int(a) for a in sys.argv[2:4]))
    print(f"added {added[0]} goals and {added[1]} check-ins in {time.monotonic() - began:.1f} s")
