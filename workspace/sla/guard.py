"""The database itself refuses to change a proposed or signed version's content, to send it
back to draft, or to move when it takes effect; signatures and the agreement log only grow.

The freeze trigger is installed by the migrations and by `create_all` (tests), per dialect.
The append-only triggers are installed by migration 0017 only: the tests empty every table
between tests, which an append-only table refuses, so a test that needs them installs them.
"""

from sqlalchemy import DDL, event

GUARDED = ("number", "text", "mql_target_per_month", "first_contact_minutes", "min_attempts",
           "feedback_hours", "review_on", "effective_on", "content_hash", "proposed_at",
           "proposed_by_id")
# Once set, when a version takes effect never moves; a frozen version never returns to draft,
# and a signed or withdrawn one keeps its status.
_SQLITE_MOVES = ("NEW.status = 'draft' OR (OLD.status IN ('signed', 'withdrawn') AND "
                 "NEW.status IS NOT OLD.status) OR (OLD.effective_from IS NOT NULL AND "
                 "NEW.effective_from IS NOT OLD.effective_from)")
_POSTGRES_MOVES = ("NEW.status = 'draft' OR (OLD.status IN ('signed', 'withdrawn') AND "
                   "NEW.status IS DISTINCT FROM OLD.status) OR (OLD.effective_from IS NOT NULL "
                   "AND NEW.effective_from IS DISTINCT FROM OLD.effective_from)")

SQLITE_TRIGGER = (
    "CREATE TRIGGER agreement_versions_frozen BEFORE UPDATE ON agreement_versions "
    "WHEN OLD.status != 'draft' AND ("
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in GUARDED)
    + " OR CAST(NEW.mql_rules AS TEXT) IS NOT CAST(OLD.mql_rules AS TEXT) OR "
    + _SQLITE_MOVES + ") "
    "BEGIN SELECT RAISE(ABORT, 'agreement version is frozen'); END")

POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION agreement_versions_frozen() RETURNS trigger AS $$ BEGIN "
    "IF OLD.status <> 'draft' AND ("
    + " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in GUARDED)
    + " OR NEW.mql_rules::text IS DISTINCT FROM OLD.mql_rules::text OR "
    + _POSTGRES_MOVES + ") THEN "
    "RAISE EXCEPTION 'agreement version is frozen'; END IF; RETURN NEW; END $$ "
    "LANGUAGE plpgsql")
POSTGRES_TRIGGER = (
    "CREATE TRIGGER agreement_versions_frozen BEFORE UPDATE ON agreement_versions "
    "FOR EACH ROW EXECUTE FUNCTION agreement_versions_frozen()")

DROP = {"sqlite": ["DROP TRIGGER IF EXISTS agreement_versions_frozen"],
        "postgresql": ["DROP TRIGGER IF EXISTS agreement_versions_frozen ON agreement_versions",
                       "DROP FUNCTION IF EXISTS agreement_versions_frozen()"]}
CREATE = {"sqlite": [SQLITE_TRIGGER], "postgresql": [POSTGRES_FUNCTION, POSTGRES_TRIGGER]}

APPEND_ONLY_TABLES = ("agreement_log", "signatures")
APPEND_ONLY_CREATE = {
    "sqlite": [f"CREATE TRIGGER {table}_append_only_{verb.lower()} BEFORE {verb} ON {table} "
               f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
               for table in APPEND_ONLY_TABLES for verb in ("UPDATE", "DELETE")],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION agreement_append_only() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql",
        *[f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
          "FOR EACH ROW EXECUTE FUNCTION agreement_append_only()" for table in APPEND_ONLY_TABLES],
        *[f"CREATE TRIGGER {table}_append_only_truncate BEFORE TRUNCATE ON {table} "
          "FOR EACH STATEMENT EXECUTE FUNCTION agreement_append_only()"
          for table in APPEND_ONLY_TABLES]]}
APPEND_ONLY_DROP = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {table}_append_only_{verb}"
               for table in APPEND_ONLY_TABLES for verb in ("update", "delete")],
    "postgresql": [
        *[f"DROP TRIGGER IF EXISTS {table}_append_only{suffix} ON {table}"
          for table in APPEND_ONLY_TABLES for suffix in ("", "_truncate")],
        "DROP FUNCTION IF EXISTS agreement_append_only()"]}


def install_on_create(table) -> None:
    for dialect, statements in CREATE.items():
        for statement in statements:
            event.listen(table, "after_create", DDL(statement).execute_if(dialect=dialect))
