"""The demo's goals: `seed-demo` on an empty database gives both quarters every state a person
should see when they look around (it runs on today's date, whatever the quarter)."""

from datetime import timedelta

from sqlalchemy import select

from workspace import clock
from workspace.auth.models import User
from workspace.extensions import db
from workspace.goals import queries
from workspace.goals.models import CheckIn, Commitment, Goal, GoalRevision

PASSWORD = "demo password!"


def test_seed_demo_gives_both_quarters_of_goals_in_every_state(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    from workspace.admin.models import WorkspaceSettings

    # The demo names the one settings row the migrations made; it adds no second one.
    assert [(s.name, s.timezone) for s in db.session.scalars(db.select(WorkspaceSettings))] == [
        ("Acme Analytics", "Europe/Madrid")]
    current = queries.period_or_current(None)
    previous = current.shifted(-1)

    assert queries.plan_state(previous.label).status == "agreed"
    waiting = queries.plan_state(current.label)
    assert waiting.status == "open" and set(waiting.approvals) == {"marketing"}

    rows = queries.goals_for(current)
    assert {row.goal.owner_team for row in rows} == {"marketing", "sales"}
    assert {"mqls_delivered", "mql_to_sql", "speed_met_rate"} <= {r.goal.metric for r in rows}
    assert any(not row.goal.tracks_metric for row in rows)
    assert all(row.goal.unit == "%" for row in rows if row.goal.metric in (
        "mql_to_sql", "speed_met_rate"))
    assert all(row.progress.current is not None for row in rows)
    assert [row.status for row in rows].count("at_risk") >= 1
    assert [row.needs_discussion for row in rows].count(True) == 1
    assert all(row.goal.status == "achieved" for row in queries.goals_for(previous))

    check_ins = list(db.session.scalars(select(CheckIn)))
    assert max(c.at for c in check_ins) - min(c.at for c in check_ins) > timedelta(weeks=8)
    assert len({c.confidence for c in check_ins}) >= 3
    assert db.session.scalar(select(GoalRevision.number).order_by(
        GoalRevision.number.desc()).limit(1)) >= 2
    assert max(goal.created_at for goal in db.session.scalars(select(Goal))) < clock.now()

    commitments = list(db.session.scalars(select(Commitment)))
    assert {"proposed", "accepted", "declined", "done"} <= {c.status for c in commitments}
    today = clock.now().date()
    assert any(c.is_open and c.due_on < today for c in commitments)
    assert all(c.decline_reason for c in commitments if c.status == "declined")
    _people_see_them(app)


def _people_see_them(app) -> None:
    """Marta's goal needing discussion is flagged on the board and her home; Carlos's home
    lists what marketing asked of him."""
    marta, carlos = (db.session.scalar(select(User).where(User.email == email))
                     for email in ("marta.gil@demo.test", "carlos.ruiz@demo.test"))
    client = app.test_client()
    client.sign_in(marta, PASSWORD)
    assert "Hay que comentarlo" in client.get("/goals/").get_data(as_text=True)  # she reads es
    first = db.session.scalar(select(Goal.id).order_by(Goal.id))  # ids are not 1 on PostgreSQL
    assert client.get(f"/goals/{first}").status_code == 200
    assert "/goals/?owner=" in client.get("/").get_data(as_text=True)
    client = app.test_client()
    client.sign_in(carlos, PASSWORD)
    assert "#commitments" in client.get("/").get_data(as_text=True)
