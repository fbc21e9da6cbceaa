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
