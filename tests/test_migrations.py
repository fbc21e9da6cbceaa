"""The migrations build the schema the models describe, on SQLite and PostgreSQL.

Run as `flask` commands in a fresh process, so tables the tests define for themselves
(tests/support) are not mistaken for drift.
"""

import os
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url


@pytest.fixture
def empty_database_url(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path}/migrations.db"
        return
    name = f"alinea_migrations_{uuid.uuid4().hex[:8]}"
    admin_engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin_engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin_engine.dispose()


def flask(project_root, database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "migration-test"}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args],
                          cwd=project_root, env=env, capture_output=True, text=True, timeout=120)


def test_upgrade_to_head_leaves_nothing_to_autogenerate(empty_database_url, project_root):
    upgrade = flask(project_root, empty_database_url, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    check = flask(project_root, empty_database_url, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    engine = create_engine(empty_database_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"users", "invitations", "api_tokens", "comments", "notifications"} <= tables


def test_the_monthly_sums_migration_fills_them_from_existing_leads(empty_database_url,
                                                                    project_root):
    """0009 adds the hand-off month (in the workspace's zone), the time to first contact and
    lead_months to a database that already has leads, and fills them."""
    assert flask(project_root, empty_database_url, "db", "upgrade",
                 "0008_lead_indexes").returncode == 0
    engine = create_engine(empty_database_url)
    zone = "+00:00" if engine.dialect.name == "postgresql" else ""

    def at(text_time: str) -> str:
        return text_time + zone

    with engine.begin() as connection:
        connection.execute(text("INSERT INTO workspace_settings (id, name, currency, timezone) "
                                "VALUES (1, 'W', 'EUR', 'Europe/Madrid')"))
        for number, (handed, first, mql) in enumerate((
                ("2026-03-31 22:30:00.000000", "2026-03-31 22:45:30.000000", True),
                ("2026-03-15 10:00:00.000000", None, True),
                ("2026-03-16 10:00:00.000000", None, False)), start=1):
            connection.execute(text(
                "INSERT INTO leads (id, company, contact_name, phone, industry, country, source, "
                "campaign, handed_over_at, status, reasons, attempts_count, "
                "disqualified_below_minimum, lost_reason, row_version, is_mql, "
                "first_attempt_at, first_contact_due_at) VALUES (:id, 'X', '', '', '', '', "
                "'webinar', 'Q1', :handed, 'new', '[]', 0, false, '', 1, :mql, :first, :due)"),
                {"id": number, "handed": at(handed), "mql": mql,
                 "first": at(first) if first else None, "due": at(handed)})
    upgrade = flask(project_root, empty_database_url, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    with engine.connect() as connection:
        leads = connection.execute(text("SELECT id, handoff_month, first_contact_seconds "
                                        "FROM leads ORDER BY id")).all()
        months = connection.execute(text("SELECT month, leads, mqls, speed_late, speed_open "
                                         "FROM lead_months ORDER BY month")).all()
    engine.dispose()
    assert [tuple(row) for row in leads] == [(1, "2026-04", 930), (2, "2026-03", None),
                                            (3, "2026-03", None)]
    assert [tuple(row) for row in months] == [("2026-03", 2, 1, 0, 1), ("2026-04", 1, 1, 1, 0)]
