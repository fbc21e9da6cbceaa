"""Every change to the agreement's tables is noticed by the database itself: a trigger raises
the data version's agreement count (workspace.data_version) in the changing transaction,
whoever makes it, the app or anyone else with a connection. A page kept between requests
(workspace.kept) that shows the agreement, or what its verification found, is keyed on that
count too, so a change made behind the app's back is shown, and caught, at the next request.

Installed by migration 0020 and by `create_all` (tests), per dialect. On PostgreSQL the count's
row is locked by the first change to these tables, before the data version's own row, which
every transaction locks last: one order, so no lock cycle.
"""

from sqlalchemy import DDL, event

TABLES = ("agreement_versions", "agreement_revisions", "signatures", "agreement_log",
          "agreement_term_references")
_RAISE = ("INSERT INTO data_versions (name, epoch, version) VALUES ('agreement', '', 1) "
          "ON CONFLICT (name) DO UPDATE SET version = data_versions.version + 1")

CREATE = {
    "sqlite": [f"CREATE TRIGGER {table}_noticed_{verb.lower()} AFTER {verb} ON {table} "
               f"BEGIN {_RAISE}; END"
               for table in TABLES for verb in ("INSERT", "UPDATE", "DELETE")],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION agreement_noticed() RETURNS trigger AS $$ BEGIN "
        f"{_RAISE}; RETURN NULL; END $$ LANGUAGE plpgsql",
        *[f"CREATE TRIGGER {table}_noticed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
          f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION agreement_noticed()"
          for table in TABLES]]}
DROP = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {table}_noticed_{verb}"
               for table in TABLES for verb in ("insert", "update", "delete")],
    "postgresql": [*[f"DROP TRIGGER IF EXISTS {table}_noticed ON {table}" for table in TABLES],
                   "DROP FUNCTION IF EXISTS agreement_noticed() CASCADE"]}


def install_on_create(metadata) -> None:
    """After `create_all`, once every table (the data version's too) exists."""
    for dialect, statements in CREATE.items():
        for statement in statements:
            event.listen(metadata, "after_create", DDL(statement).execute_if(dialect=dialect))
