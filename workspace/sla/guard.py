"""The database itself refuses to change a proposed or signed version's content.

The same trigger is installed by the migration and by `create_all` (tests), per dialect.
"""

from sqlalchemy import DDL, event

GUARDED = ("number", "text", "mql_target_per_month", "first_contact_minutes", "min_attempts",
           "feedback_hours", "review_on", "effective_on", "content_hash")

SQLITE_TRIGGER = (
    "CREATE TRIGGER agreement_versions_frozen BEFORE UPDATE ON agreement_versions "
    "WHEN OLD.status != 'draft' AND ("
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in GUARDED)
    + " OR CAST(NEW.mql_rules AS TEXT) IS NOT CAST(OLD.mql_rules AS TEXT)) "
    "BEGIN SELECT RAISE(ABORT, 'agreement version is frozen'); END")

POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION agreement_versions_frozen() RETURNS trigger AS $$ BEGIN "
    "IF OLD.status <> 'draft' AND ("
    + " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in GUARDED)
    + " OR NEW.mql_rules::text IS DISTINCT FROM OLD.mql_rules::text) THEN "
    "RAISE EXCEPTION 'agreement version is frozen'; END IF; RETURN NEW; END $$ "
    "LANGUAGE plpgsql")
POSTGRES_TRIGGER = (
    "CREATE TRIGGER agreement_versions_frozen BEFORE UPDATE ON agreement_versions "
    "FOR EACH ROW EXECUTE FUNCTION agreement_versions_frozen()")

DROP = {"sqlite": ["DROP TRIGGER IF EXISTS agreement_versions_frozen"],
        "postgresql": ["DROP TRIGGER IF EXISTS agreement_versions_frozen ON agreement_versions",
                       "DROP FUNCTION IF EXISTS agreement_versions_frozen()"]}
CREATE = {"sqlite": [SQLITE_TRIGGER], "postgresql": [POSTGRES_FUNCTION, POSTGRES_TRIGGER]}


def install_on_create(table) -> None:
    for dialect, statements in CREATE.items():
        for statement in statements:
            event.listen(table, "after_create", DDL(statement).execute_if(dialect=dialect))
