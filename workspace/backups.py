"""Backups that restore: a consistent copy taken while the app serves, brought back whole.

SQLite: the online backup API copies one read snapshot (WAL lets writers go on meanwhile), and
restoring copies the backup over the database in one write transaction. PostgreSQL: pg_dump's
custom format (one snapshot) and pg_restore in a single transaction. Either way a failure
leaves the database as it was, and a backup is written beside its PATH and renamed into place
only when whole.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, Engine

UNCHANGED = "the database holds what it held before."


class BackupError(Exception):
    """What went wrong, said so an operator knows what state things are in."""


def backup(engine: Engine, path: Path, replace: bool = False) -> None:
    """Write a consistent copy of the database behind `engine` to `path`; an existing file
    there (an earlier backup, most likely) is kept unless `replace`."""
    if path.exists() and not replace:
        raise BackupError(f"{path} already exists; choose a new name (a dated one keeps every "
                          "backup), or pass --force to replace it.")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if engine.dialect.name == "sqlite":
            _copy_sqlite(_sqlite_file(engine.url), partial)
        else:
            _run(pg_command("pg_dump", engine.url, "--format=custom", f"--file={partial}"),
                 engine.url, "pg_dump")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)


def tables_in(engine: Engine) -> list[str]:
    """The database's tables: restore takes an empty database, one without any."""
    return inspect(engine).get_table_names()


def restore(engine: Engine, path: Path, replace: bool = False) -> None:
    """Bring the backup at `path` into the database behind `engine`: an empty one, or with
    `replace`, in place of what it holds."""
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    engine.dispose()  # the copy below needs the database to itself, not our pooled connections
    if engine.dialect.name == "sqlite":
        _restore_sqlite(path, _sqlite_file(engine.url))
    else:
        _restore_postgres(engine.url, path, replace)
    _renew_data_version(engine)


def _renew_data_version(engine: Engine) -> None:
    """What processes keep in memory was computed from the data just replaced, whose version
    numbers the backup's may repeat: a new epoch tells them apart (workspace.data_version)."""
    from workspace.data_version import raise_version

    if "data_versions" in tables_in(engine):
        with engine.begin() as connection:
            raise_version(connection, renew=True)


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(url.database)


def _copy_sqlite(source: Path, target: Path) -> None:
    """One backup step over the whole file: a single read snapshot, so the copy is consistent
    while other connections keep writing; the copy is then made a standalone file."""
    if not source.is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    try:
        _copy_sqlite_pages(source, target)
        with closing(sqlite3.connect(target)) as copy:
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
    except sqlite3.Error as error:
        raise BackupError(f"Copying {source} to {target} failed: {error}.") from error
    _check_sqlite(target)


def _copy_sqlite_pages(source: Path, target: Path) -> None:
    """SQLite's online backup in one step: it reads one snapshot of `source` and writes
    `target` in one write transaction, rolled back on failure."""
    with closing(sqlite3.connect(source, timeout=30)) as reader, \
            closing(sqlite3.connect(target, timeout=30)) as writer:
        reader.backup(writer)


def _check_sqlite(path: Path) -> None:
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
            tables = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database: {error}.") from error
    if verdict != "ok" or not tables:
        raise BackupError(f"{path} is not a sound Alinea backup ({verdict}, {tables} tables).")


def _restore_sqlite(path: Path, database: Path) -> None:
    try:
        _check_sqlite(path)
    except BackupError as error:
        raise BackupError(f"{error} Nothing was restored: {UNCHANGED}") from error
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        _copy_sqlite_pages(path, database)
    except sqlite3.Error as error:
        raise BackupError(f"Restoring into {database} failed ({error}); SQLite rolled the "
                          f"copy back: {UNCHANGED}") from error


def _restore_postgres(url: URL, path: Path, replace: bool) -> None:
    """One transaction: on any error pg_restore rolls back, leaving the old data. Replacing
    drops and recreates the backup's objects; tables the backup does not have are kept."""
    options = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    if replace:
        options += ["--clean", "--if-exists"]
    _run(pg_command("pg_restore", url, *options, str(path)), url, "pg_restore",
         failed_state=f"pg_restore ran in one transaction and rolled it back: {UNCHANGED}")


def pg_command(tool: str, url: URL, *options: str) -> list[str]:
    """The pg_dump/pg_restore invocation for a SQLAlchemy URL; the password is not in it."""
    program = shutil.which(tool)
    if program is None:
        raise BackupError(f"{tool} was not found on PATH; install PostgreSQL's client tools "
                          f"(Debian: apt-get install postgresql-client) at the server's "
                          f"major version or later.")
    host = url.host or url.query.get("host")
    return [program, "--no-password",
            *([f"--host={host}"] if host else []),
            *([f"--port={url.port}"] if url.port else []),
            *([f"--username={url.username}"] if url.username else []),
            f"--dbname={_connection_string(url)}", *options]


def _connection_string(url: URL) -> str:
    """The database and the URL's other connection options (sslmode, sslrootcert...), as the
    app's driver gets them: libpq's keyword='value' form, which pg_dump takes as --dbname."""
    options = {key: value[-1] if isinstance(value, tuple) else value
               for key, value in url.query.items() if key != "host"}
    if not options:
        return str(url.database)
    quoted = {key: str(value).replace("\\", "\\\\").replace("'", "\\'")
              for key, value in {"dbname": url.database, **options}.items()}
    return " ".join(f"{key}='{value}'" for key, value in quoted.items())


def pg_environment(url: URL) -> dict[str, str]:
    """The child's environment: the password travels here, never on the command line."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    return environment


def _run(command: list[str], url: URL, tool: str, failed_state: str = "") -> None:
    done = subprocess.run(command, env=pg_environment(url), capture_output=True, text=True)
    if done.returncode != 0:
        said = done.stderr.strip() or done.stdout.strip()
        raise BackupError(f"{tool} failed (exit {done.returncode}): {said} {failed_state}".strip())
