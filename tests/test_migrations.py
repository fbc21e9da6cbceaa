"""The migrations build the schema the models describe, on SQLite and PostgreSQL."""

import os
import uuid

import pytest
from flask_migrate import check, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from workspace import create_app
from workspace.config import config_for_tests


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


def test_upgrade_to_head_leaves_nothing_to_autogenerate(empty_database_url, project_root):
    app = create_app(config_for_tests(empty_database_url))
    with app.app_context():
        directory = str(project_root / "migrations")
        upgrade(directory=directory)
        check(directory=directory)  # raises on any difference between models and migrations
        from workspace.extensions import db

        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "invitations", "api_tokens", "workspace_settings"} <= tables
        db.engine.dispose()
