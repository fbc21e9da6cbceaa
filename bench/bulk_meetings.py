"""Bulk meetings for the harness: a log of thousands of meetings with tens of thousands of
action items, in a few seconds.

Run after `flask seed-demo` on the same database:

    from bench.bulk_meetings import add_meetings
    add_meetings("sqlite:////tmp/bench.db", meetings=2000, actions=20000)

or from the repository root: `.venv/bin/python bench/bulk_meetings.py sqlite:////tmp/x.db`.

Meetings are weekly syncs and SLA reviews of both teams, one every few hours going back from
now (so the log's first pages are the bulk's), each with four to eight attendees of both teams,
notes, a revision, a decision, and its share of the action items in every state (most settled,
a tenth open, some overdue). All closed except the last week's. Rows go in with SQLAlchemy Core
executemany inserts, so no activity, notifications or follows are written. Deterministic: same
arguments and hour, same rows.
"""

import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TOPICS = ["webinar leads", "the trade fair list", "speed-to-lead", "rejected MQLs",
          "the pricing ebook", "lead scoring", "the SLA review", "win-loss interviews"]
ACTIONS = ["Share the attendee list", "Tag each rejected MQL with its reason",
           "Call the fair's leads", "Review the scoring weights", "Draft the amendment",
           "Send the battlecard", "Book the retro", "Update the glossary term"]


def add_meetings(database_url: str, meetings: int = 2000, actions: int = 20000
                 ) -> tuple[int, int]:
    """Insert `meetings` meetings and `actions` action items spread over them; return how
    many of each."""
    if meetings <= 0:
        return 0, 0
    os.environ.setdefault("SECRET_KEY", "bench")  # else create_app writes instance/secret_key
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from sqlalchemy import insert, select

    from workspace import create_app
    from workspace.auth.models import User
    from workspace.extensions import db
    from workspace.meetings.models import (
        ActionItem,
        Attendee,
        Decision,
        Meeting,
        MeetingRevision,
    )
    from workspace.text import fold

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    rng = random.Random(f"meetings-{meetings}-{actions}-{now.isoformat()}")
    with app.app_context(), db.engine.begin() as conn:
        people = {team: list(conn.scalars(select(User.id).where(
            User.team == team, User.joined_at.is_not(None)).order_by(User.id)))
            for team in ("marketing", "sales")}
        if not people["marketing"] or not people["sales"]:
            raise RuntimeError("no people in both teams: run `flask seed-demo` first")
        everyone = people["marketing"] + people["sales"]
        first_id = (conn.scalar(select(Meeting.id).order_by(Meeting.id.desc()).limit(1)) or 0) + 1
        meeting_rows, revision_rows, attendee_rows, decision_rows, action_rows = [], [], [], [], []
        for index in range(meetings):
            meeting_id = first_id + index
            starts = now - timedelta(hours=6 * index + 2)
            kind = "sla_review" if index % 10 == 0 else "weekly_sync"
            organiser = rng.choice(everyone)
            topic = rng.choice(TOPICS)
            title = f"{'SLA review' if kind == 'sla_review' else 'Weekly sync'} {index}: {topic}"
            notes = f"We discussed {topic}.\n\n- Marketing: {rng.choice(TOPICS)}\n" \
                    f"- Sales: {rng.choice(TOPICS)}"
            decision = f"Keep {topic} on the next agenda."
            closed = starts < now - timedelta(days=7)
            meeting_rows.append({
                "id": meeting_id, "kind": kind, "title": title, "starts_at": starts,
                "minutes": 45, "timezone": "UTC", "organiser_id": organiser, "series_id": None,
                "status": "closed" if closed else "scheduled", "notes": notes,
                "search_text": fold("\n".join([title, notes, decision])),
                "closed_at": starts + timedelta(hours=1) if closed else None,
                "closed_by_id": organiser if closed else None, "created_at": starts,
                "updated_at": starts, "current_revision": 1})
            revision_rows.append({"document_id": meeting_id, "number": 1, "summary": "scheduled",
                                  "created_at": starts, "author_id": organiser,
                                  "snapshot": {"notes": notes}})
            chosen = {organiser, rng.choice(people["marketing"]), rng.choice(people["sales"])}
            chosen |= set(rng.sample(everyone, min(len(everyone), rng.randint(1, 5))))
            attendee_rows += [{"meeting_id": meeting_id, "user_id": person}
                              for person in sorted(chosen)]
            decision_rows.append({"meeting_id": meeting_id, "text": decision,
                                  "author_id": organiser, "created_at": starts})
            count = actions // meetings + (1 if index < actions % meetings else 0)
            for _ in range(count):
                due = (starts + timedelta(days=rng.randint(3, 21))).date()
                status = "open" if rng.random() < 0.1 else rng.choice(("done", "done", "declined"))
                action_rows.append({
                    "meeting_id": meeting_id, "text": rng.choice(ACTIONS),
                    "owner_id": rng.choice(sorted(chosen)), "due_on": due, "status": status,
                    "decline_reason": "Covered elsewhere." if status == "declined" else "",
                    "created_by_id": organiser, "created_at": starts, "updated_at": starts})
        conn.execute(insert(Meeting.__table__), meeting_rows)
        conn.execute(insert(MeetingRevision.__table__), revision_rows)
        conn.execute(insert(Attendee.__table__), attendee_rows)
        conn.execute(insert(Decision.__table__), decision_rows)
        for begin in range(0, len(action_rows), 5000):
            conn.execute(insert(ActionItem.__table__), action_rows[begin:begin + 5000])
        if conn.dialect.name == "postgresql":  # ids were given: the sequence moves past them
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('meetings', 'id'), "
                                 "(SELECT max(id) FROM meetings))")
    return len(meeting_rows), len(action_rows)


if __name__ == "__main__":
    import time

    if len(sys.argv) < 2:
        sys.exit("usage: bench/bulk_meetings.py DATABASE_URL [MEETINGS] [ACTIONS]")
    began = time.monotonic()
    added = add_meetings(sys.argv[1], *(int(a) for a in sys.argv[2:4]))
    print(f"added {added[0]} meetings and {added[1]} action items in "
          f"{time.monotonic() - began:.1f} s")
