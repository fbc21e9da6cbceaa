"""Backups that restore: `flask backup` taken while leads are handed over and notes saved,
`flask restore` into a fresh database, and every write acknowledged before the backup is
there, whole, beside intact signatures and a verifying agreement log; on SQLite and
PostgreSQL (pg_dump and pg_restore)."""

import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from tests.factories import make_user
from tests.support.notes import Note, create_note, edit_note
from tests.test_migrations import empty_database_url, flask  # noqa: F401  (a fixture)
from workspace import clock
from workspace.auth.models import User
from workspace.backups import BackupError, backup, pg_command, pg_environment, restore
from workspace.extensions import db
from workspace.leads.services import hand_over
from workspace.sla import services
from workspace.sla.rules import clean_rule
from workspace.sla.verification import verify


@pytest.fixture
def database(app) -> str:
    """The app's database URL; on PostgreSQL only where its client tools are installed."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if url.startswith("postgresql") and missing:
        pytest.skip(f"{' and '.join(missing)} not on PATH: PostgreSQL backups need the "
                    "client tools (apt-get install postgresql-client)")
    return url


@pytest.fixture
def wal_kept(app):
    """On SQLite, commits stay in the -wal file beside the database until a checkpoint: hold
    checkpoints off, so that a backup must read the WAL as well as the file to find them."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        yield
        return

    def no_checkpoints(dbapi_connection, *_):
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")

    event.listen(db.engine, "checkout", no_checkpoints)
    yield
    event.remove(db.engine, "checkout", no_checkpoints)
    db.engine.dispose()  # the pooled connections set so go


@pytest.fixture
def signed():
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    clock.freeze(datetime(2026, 12, 1, 9, tzinfo=UTC))
    version = services.draft_version(marketing)
    services.edit_draft(version, {"text": "We agree.", "review_on": "2027-02-15",
                                  "effective_on": "2027-01-01",
                                  "mql_rules": [clean_rule("employees", ">=", "100")]},
                        version.current_revision, marketing)
    services.propose(version, marketing)
    services.sign(version, marketing, version.content_hash)
    services.sign(version, sales, version.content_hash)
    return version


class WriteLoad:
    """Two threads writing through the services, each in its own app context, as two
    requests would: one hands over leads, one saves revisions of a note. What a service
    returned from is acknowledged."""

    def __init__(self, app, marketer_id: int, note_id: int):
        self.app, self.marketer_id, self.note_id = app, marketer_id, note_id
        self.leads: list[str] = []
        self.revisions: list[int] = []
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        self.threads = [threading.Thread(target=self._run, args=(work,))
                        for work in (self._hand_over, self._save_note)]

    def __enter__(self) -> "WriteLoad":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def acknowledged(self) -> tuple[set[str], int]:
        return set(self.leads), max(self.revisions, default=1)

    def wait_for(self, writes: int) -> None:
        """Until each thread has `writes` more acknowledged writes than now."""
        leads, revisions = len(self.leads) + writes, len(self.revisions) + writes
        for _ in range(3000):
            if self.errors:
                raise self.errors[0]
            if len(self.leads) >= leads and len(self.revisions) >= revisions:
                return
            self.stop.wait(0.01)
        raise AssertionError("the write load stalled")

    def _run(self, work) -> None:
        try:
            with self.app.app_context():
                marketer = db.session.get(User, self.marketer_id)
                n = 0
                while not self.stop.is_set():
                    n += 1
                    work(marketer, n)
                    self.stop.wait(0.005)
        except BaseException as error:  # noqa: BLE001  (reported by wait_for and the test)
            self.errors.append(error)

    def _hand_over(self, marketer: User, n: int) -> None:
        hand_over(marketer, {"external_id": f"load-{n}", "company": f"Load {n}",
                             "email": f"buyer{n}@example.test"})
        self.leads.append(f"load-{n}")

    def _save_note(self, marketer: User, n: int) -> None:
        note = db.session.get(Note, self.note_id)
        edit_note(note, {"body": f"Line {n}"}, note.current_revision, marketer)
        self.revisions.append(note.current_revision)


def test_a_backup_taken_under_load_restores_every_acknowledged_write(
        app, database, wal_kept, signed, project_root, tmp_path,
        empty_database_url):  # noqa: F811
    marketer = make_user("marketing", "member")
    make_user("sales", "member"), make_user("sales", "member")
    note = create_note(marketer, "Playbook", "Line 0")
    head, signed_hash = verify().head, signed.content_hash
    db.session.commit()  # this thread holds no transaction open through the load
    backup_file = tmp_path / "alinea.backup"
    with WriteLoad(app, marketer.id, note.id) as load:
        load.wait_for(5)
        leads_before, revision_before = load.acknowledged()
        backed_up = flask(project_root, database, "backup", str(backup_file))
        written_while_backing_up = len(load.leads) - len(leads_before)
        load.wait_for(3)  # and after it
    assert not load.errors, load.errors
    assert written_while_backing_up > 0
    assert backed_up.returncode == 0, backed_up.stderr
    assert not Path(f"{backup_file}.partial").exists()

    restored = flask(project_root, empty_database_url, "restore", str(backup_file))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert f"last hash {head}" in restored.stdout
    assert "Every SLA version and the agreement log are intact." in restored.stdout

    engine = create_engine(empty_database_url)
    with engine.connect() as copy:
        leads = set(copy.scalars(text("SELECT external_id FROM leads")))
        assert leads_before <= leads <= set(load.leads)
        assert _handed_over_whole(copy) == len(leads)
        current, body = copy.execute(text("SELECT current_revision, body FROM test_notes")).one()
        assert current >= revision_before and _revision_numbers(copy) == list(range(1, current + 1))
        assert body == f"Line {current - 1}"
        assert _signature_hashes(copy) == [signed_hash] * 2
    engine.dispose()


def _handed_over_whole(copy) -> int:
    """Leads with their activity entry and their rep's follow: written in one transaction."""
    return copy.scalar(text(
        "SELECT count(*) FROM leads WHERE EXISTS (SELECT 1 FROM activity_entries a WHERE "
        "a.target_type = 'lead' AND a.target_id = leads.id AND a.verb = 'handed over') AND "
        "EXISTS (SELECT 1 FROM follows f WHERE f.target_type = 'lead' AND "
        "f.target_id = leads.id AND f.user_id = leads.assigned_to_id)"))


def _revision_numbers(copy) -> list[int]:
    return list(copy.scalars(text("SELECT number FROM test_note_revisions ORDER BY number")))


def _signature_hashes(copy) -> list[str]:
    return list(copy.scalars(text("SELECT content_hash FROM signatures ORDER BY team")))


def test_restore_refuses_a_database_with_tables_unless_forced_and_keeps_it_when_broken(
        database, signed, empty_database_url, project_root, tmp_path):  # noqa: F811
    backup_file, broken = tmp_path / "alinea.backup", tmp_path / "broken.backup"
    backup(db.engine, backup_file)
    broken.write_bytes(backup_file.read_bytes()[: backup_file.stat().st_size // 2])
    engine = create_engine(empty_database_url)
    restore(engine, backup_file)
    # pages kept from the data it replaces never match: a new epoch (workspace.data_version)
    assert _epoch(engine) != db.session.scalar(
        text("SELECT epoch FROM data_versions WHERE name = 'data'"))
    with engine.begin() as copy:
        copy.execute(text("UPDATE workspace_settings SET name = 'Changed since'"))

    refused = flask(project_root, empty_database_url, "restore", str(backup_file))
    assert refused.returncode == 1 and "--force" in refused.stderr
    with pytest.raises(BackupError, match="before"):
        restore(engine, broken, replace=True)
    assert _workspace_name(engine) == "Changed since"

    forced = flask(project_root, empty_database_url, "restore", "--force", str(backup_file))
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "intact" in forced.stdout and _workspace_name(engine) == "Alinea"
    engine.dispose()


def _epoch(engine) -> str:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT epoch FROM data_versions WHERE name = 'data'"))


def _workspace_name(engine) -> str:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT name FROM workspace_settings"))


def test_the_postgresql_tools_get_the_url_without_its_password(monkeypatch, tmp_path):
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    url = make_url("postgresql+psycopg://alinea:s3cret@db.internal:5433/alinea")
    command = pg_command("pg_dump", url, "--format=custom")
    assert command[1:] == ["--no-password", "--host=db.internal", "--port=5433",
                           "--username=alinea", "--dbname=alinea", "--format=custom"]
    assert not any("s3cret" in part for part in command)
    assert pg_environment(url)["PGPASSWORD"] == "s3cret"
    with pytest.raises(BackupError, match="pg_restore was not found"):
        pg_command("pg_restore", url)


def test_the_url_s_connection_options_reach_the_postgresql_tools(monkeypatch, tmp_path):
    """sslmode and the like, which the app's driver gets from DATABASE_URL, reach pg_dump too."""
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    url = make_url("postgresql+psycopg://alinea@db.internal/alinea?sslmode=verify-full"
                   "&sslrootcert=/etc/ssl/it's.pem")
    command = pg_command("pg_dump", url)
    assert command[-1] == ("--dbname=dbname='alinea' sslmode='verify-full' "
                           "sslrootcert='/etc/ssl/it\\'s.pem'")


def test_a_backup_never_replaces_an_earlier_one_unless_forced(app, tmp_path):
    earlier = tmp_path / "alinea.backup"
    earlier.write_bytes(b"last night's backup")
    with pytest.raises(BackupError, match="already exists"):
        backup(db.engine, earlier)
    assert earlier.read_bytes() == b"last night's backup"
    refused = app.test_cli_runner().invoke(args=["backup", str(earlier)])
    assert refused.exit_code != 0 and "--force" in refused.output
    if db.engine.dialect.name == "sqlite":
        forced = app.test_cli_runner().invoke(args=["backup", "--force", str(earlier)])
        assert forced.exit_code == 0, forced.output
        assert earlier.read_bytes().startswith(b"SQLite format 3")
