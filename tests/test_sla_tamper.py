"""A signed agreement proves itself: probed with write access to the database, as an insider
or a restored backup gone wrong would, every tampering is refused by the database or, with its
guards dropped, caught by the verification, on every page that shows the SLA, on home, in the
API and by `flask verify-agreements`; on SQLite and PostgreSQL."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, text

from tests.factories import make_admin, make_user
from tests.test_migrations import empty_database_url, flask  # noqa: F401  (a fixture)
from workspace import clock
from workspace.api.services import create_api_token
from workspace.extensions import db
from workspace.sla import services
from workspace.sla.guard import APPEND_ONLY_CREATE, APPEND_ONLY_DROP, CREATE, DROP
from workspace.sla.hashing import content_hash
from workspace.sla.models import CONTENT_FIELDS
from workspace.sla.rules import clean_rule
from workspace.sla.verification import verify


@pytest.fixture
def heads():
    return make_user("marketing", "head", name="Lucía"), make_user("sales", "head", name="David")


@pytest.fixture
def signed(heads):
    """Signed on December 1, 2026, to take effect on January 1, 2027."""
    marketing, sales = heads
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


@pytest.fixture
def append_only():
    """The guards migration 0017 installs on signatures and the log (create_all does not: the
    tests empty every table between tests), removed again before that clean-up."""
    _run(APPEND_ONLY_CREATE[_dialect()])
    db.session.commit()
    yield
    db.session.rollback()
    _run(APPEND_ONLY_DROP[_dialect()])
    db.session.commit()


def _dialect() -> str:
    return db.session.connection().dialect.name


def _run(statements, params=None) -> None:
    for statement in statements:
        db.session.execute(text(statement), params or {})


def as_an_insider(*statements: str, guarded: bool = False, **params) -> None:
    """Write access to the database: every guard dropped, the statements run, guards back."""
    dialect = _dialect()
    _run(DROP[dialect] + APPEND_ONLY_DROP[dialect])
    _run(statements, params)
    _run(CREATE[dialect] + (APPEND_ONLY_CREATE[dialect] if guarded else []))
    db.session.commit()


def refused(statement: str, **params) -> str:
    with pytest.raises(Exception) as error:
        db.session.execute(text(statement), params)
        db.session.flush()
    db.session.rollback()
    return str(error.value)


def kinds(number: int = 1) -> set[str]:
    return {problem.kind for problem in verify().of_version(number)}


def hash_with(version, **changes) -> str:
    """The content hash an insider would compute for the changed content."""
    return content_hash(SimpleNamespace(number=version.number, **{
        name: getattr(version, name) for name in CONTENT_FIELDS} | changes))


def api(client, path: str) -> dict:
    token = create_api_token("Dashboards", ["sla:read"], None)
    return client.get(path, headers={"Authorization": f"Bearer {token.secret}"}).json


def loudly_everywhere(app, client, number: int = 1, words: str = "") -> None:
    """The overview, the version page, the print record, home for everyone and the API."""
    viewers = [make_user("marketing", "head"), make_user("sales", "member"), make_admin()]
    for viewer in viewers:
        browser = app.test_client()
        browser.sign_in(viewer)
        home = browser.get("/").get_data(as_text=True)
        assert "Tampering detected in the SLA" in home and words in home
    overview = browser.get("/sla/").get_data(as_text=True)
    assert "Tampering detected in the SLA" in overview and "Tampered</span>" in overview
    assert words in overview
    page = browser.get(f"/sla/{number}").get_data(as_text=True)
    assert "Tampering detected." in page and words in page
    record = browser.get(f"/sla/{number}/print")
    if record.status_code == 200:
        assert "Tampering detected: this record does not prove itself." in \
            record.get_data(as_text=True)
    body = api(client, f"/api/v1/sla/versions/{number}")
    assert body["intact"] is False and body["problems"]


def test_an_untouched_record_verifies_and_says_so_nowhere(app, client, signed, heads):
    marketing, _ = heads
    second = services.draft_version(marketing, signed)
    services.edit_draft(second, {"min_attempts": 6}, second.current_revision, marketing)
    services.propose(second, marketing)
    services.withdraw(second, marketing, "Not yet.")
    report = verify()
    assert report.ok and [e["event"] for e in report.events_of(1)] == [
        "proposed", "signed", "signed", "took_effect"]
    assert [e["event"] for e in report.events_of(2)] == ["proposed", "withdrawn"]
    assert services.is_intact(signed)
    browser = app.test_client()
    browser.sign_in(marketing)
    assert "Tampering" not in browser.get("/").get_data(as_text=True)
    assert "Tampered" not in browser.get("/sla/").get_data(as_text=True)
    record = browser.get("/sla/1/print").get_data(as_text=True)
    assert "Tampering" not in record and report.head in record
    body = api(client, "/api/v1/sla/versions/1")
    assert body["intact"] is True and body["problems"] == []
    assert [e["event"] for e in body["agreement_log"]["events"]] == [
        "proposed", "signed", "signed", "took_effect"]
    result = app.test_cli_runner().invoke(args=["verify-agreements"])
    assert result.exit_code == 0 and "intact" in result.output and report.head in result.output


def test_when_it_takes_effect_is_inside_what_both_heads_sign(signed):
    from workspace.sla.hashing import canonical_content

    assert canonical_content(signed)["effective_on"] == "2027-01-01"
    assert hash_with(signed, effective_on="2027-06-01") != signed.content_hash
    assert {s.content_hash for s in signed.signatures} == {signed.content_hash}
    assert verify().events_of(1)[-1]["effective_from"] == signed.effective_from.isoformat(
        timespec="microseconds")


def test_a_status_flip_edit_and_flip_back(app, client, signed):
    """The database refuses to send a signed version back to draft; done anyway, it shows."""
    assert "frozen" in refused("UPDATE agreement_versions SET status = 'draft' WHERE id = :id",
                               id=signed.id)
    as_an_insider("UPDATE agreement_versions SET status = 'draft' WHERE id = :id",
                  "UPDATE agreement_versions SET min_attempts = 1 WHERE id = :id",
                  "UPDATE agreement_versions SET status = 'signed' WHERE id = :id", id=signed.id)
    assert "content" in kinds()
    loudly_everywhere(app, client, words="its content no longer matches its hash")


def test_a_status_flip_alone_disagrees_with_the_log(app, client, signed):
    as_an_insider("UPDATE agreement_versions SET status = 'proposed' WHERE id = :id",
                  id=signed.id)
    assert "status" in kinds()
    loudly_everywhere(app, client, words="its status is not the one the agreement log records")


def test_a_commitment_with_a_freshly_computed_hash(app, client, signed):
    """The version agrees with itself; both signatures still bind the old hash."""
    forged = hash_with(signed, min_attempts=1)
    as_an_insider("UPDATE agreement_versions SET min_attempts = 1, content_hash = :hash "
                  "WHERE id = :id", id=signed.id, hash=forged)
    db.session.refresh(signed)
    assert content_hash(signed) == signed.content_hash  # it agrees with itself...
    assert {"signature_hash", "hash"} <= kinds()  # ...not with what was signed
    assert not services.is_intact(signed)
    loudly_everywhere(app, client, words="the Sales signature binds other content")


def test_the_signatures_rewritten_to_the_forged_hash_disagree_with_the_log(signed):
    forged = hash_with(signed, min_attempts=1)
    as_an_insider("UPDATE agreement_versions SET min_attempts = 1, content_hash = :hash "
                  "WHERE id = :id", "UPDATE signatures SET content_hash = :hash "
                  "WHERE version_id = :id", id=signed.id, hash=forged)
    assert {"signature_unlogged", "hash"} <= kinds()


def test_deleting_a_signature(app, client, signed, append_only):
    assert "append-only" in refused("DELETE FROM signatures WHERE team = 'sales'")
    assert "append-only" in refused("UPDATE signatures SET content_hash = 'x'")
    as_an_insider("DELETE FROM signatures WHERE team = 'sales'", guarded=True)
    assert kinds() == {"signature_missing"}
    loudly_everywhere(app, client, words="the Sales signature is missing")


def test_a_forged_signature_is_not_in_the_log(heads):
    marketing, sales = heads
    version = services.draft_version(marketing)
    services.edit_draft(version, {"text": "t", "review_on": "2027-02-15", "mql_rules": [
        clean_rule("employees", ">", "1")]}, version.current_revision, marketing)
    services.propose(version, marketing)
    as_an_insider("INSERT INTO signatures (version_id, team, user_id, content_hash, signed_at, "
                  "ip, user_agent) VALUES (:id, 'sales', :user, :hash, :at, '', '')",
                  id=version.id, user=sales.id, hash=version.content_hash,
                  at=version.proposed_at.replace(tzinfo=None))
    assert kinds() == {"signature_unlogged"}


def test_moving_the_effective_date(app, client, signed):
    later = "2027-03-01 00:00:00"
    assert "frozen" in refused("UPDATE agreement_versions SET effective_from = :at "
                               "WHERE id = :id", id=signed.id, at=later)
    as_an_insider("UPDATE agreement_versions SET effective_from = :at WHERE id = :id",
                  id=signed.id, at=later)
    assert kinds() == {"effective"}
    loudly_everywhere(app, client, words="when it takes effect is not what was signed")


def test_moving_the_signed_effective_day_with_a_fresh_hash(signed):
    forged = hash_with(signed, effective_on="2027-03-01")
    as_an_insider("UPDATE agreement_versions SET effective_on = '2027-03-01', "
                  "content_hash = :hash WHERE id = :id", id=signed.id, hash=forged)
    assert {"signature_hash", "hash"} <= kinds()


def test_log_entries_cannot_be_edited_or_deleted(signed, append_only):
    assert "append-only" in refused("UPDATE agreement_log SET body = 'x' WHERE position = 2")
    assert "append-only" in refused("DELETE FROM agreement_log WHERE position = 4")
    assert verify().ok


def test_an_edited_log_entry_breaks_the_chain(app, client, signed, append_only):
    entry = db.session.execute(text("SELECT body FROM agreement_log WHERE position = 2")).one()
    as_an_insider("UPDATE agreement_log SET body = :body WHERE position = 2", guarded=True,
                  body=entry.body.replace('"team":"marketing"', '"team":"sales"'))
    report = verify()
    assert [(b.kind, b.position) for b in report.chain_breaks] == [("chain_entry", 2)]
    assert not report.intact(1)
    loudly_everywhere(app, client, words="Agreement log entry 2 has been altered.")


def test_a_rehashed_log_entry_breaks_the_next_link(signed):
    """An entry rewritten with a hash that fits its new body: the next entry no longer
    follows it; the last one has no next, but no longer says what the version does."""
    from workspace.sla.chain import link_hash

    for position, old, new in ((2, '"team":"marketing"', '"team":"sales"'),
                               (4, "2027-01-01", "2027-02-01")):
        entry = db.session.execute(text("SELECT body, prev_hash FROM agreement_log "
                                        "WHERE position = :p"), {"p": position}).one()
        body = entry.body.replace(old, new)
        as_an_insider("UPDATE agreement_log SET body = :body, entry_hash = :hash "
                      "WHERE position = :p", p=position, body=body,
                      hash=link_hash(entry.prev_hash, body))
    assert [(b.kind, b.position) for b in verify().chain_breaks] == [("chain_link", 3)]
    assert "effective" in kinds()


def test_deleted_log_entries(signed):
    as_an_insider("DELETE FROM agreement_log WHERE position = 2")
    assert [(b.kind, b.position) for b in verify().chain_breaks] == [("chain_gap", 3)]
    assert "signature_unlogged" in kinds()
    as_an_insider("DELETE FROM agreement_log WHERE position = 4")  # the last one
    assert {"status", "effective"} <= kinds()


def test_a_deleted_version_is_still_in_the_log(signed):
    as_an_insider("DELETE FROM signatures", "DELETE FROM agreement_revisions",
                  "DELETE FROM agreement_versions")
    assert [b.kind for b in verify().breaks] == ["version_missing"]


def test_the_command_names_what_broke_and_fails(app, signed):
    as_an_insider("UPDATE agreement_versions SET min_attempts = 1 WHERE id = :id",
                  "DELETE FROM agreement_log WHERE position = 2", id=signed.id)
    result = app.test_cli_runner().invoke(args=["verify-agreements"])
    assert result.exit_code != 0
    assert "Version 1: its content no longer matches its hash." in result.output
    assert "Agreement log entries before entry 3 are missing." in result.output


def test_the_migration_logs_existing_history_and_guards_it(empty_database_url,  # noqa: F811
                                                           project_root):
    """Existing versions and signatures are written into the log as stored; the database
    then refuses to change or remove signatures and log entries."""
    assert flask(project_root, empty_database_url, "db", "upgrade").returncode == 0
    assert flask(project_root, empty_database_url, "seed-demo").returncode == 0
    first = flask(project_root, empty_database_url, "verify-agreements")
    assert first.returncode == 0, first.stdout + first.stderr
    assert flask(project_root, empty_database_url, "db", "downgrade",
                 "0016_meeting_search").returncode == 0
    again = flask(project_root, empty_database_url, "db", "upgrade")
    assert again.returncode == 0, again.stderr
    migrated = flask(project_root, empty_database_url, "verify-agreements")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert migrated.stdout == first.stdout  # the same entries, the same last hash
    engine = create_engine(empty_database_url)
    try:
        for statement in ("UPDATE agreement_log SET body = 'x'", "DELETE FROM agreement_log",
                          "UPDATE signatures SET content_hash = 'x'", "DELETE FROM signatures",
                          "UPDATE agreement_versions SET status = 'draft' "
                          "WHERE status <> 'draft'"):
            with pytest.raises(Exception, match="append-only|frozen"), engine.begin() as c:
                c.execute(text(statement))
    finally:
        engine.dispose()


def test_a_spanish_reader_is_told_in_spanish(app, signed, append_only):
    as_an_insider("DELETE FROM signatures WHERE team = 'sales'", guarded=True)
    browser = app.test_client()
    browser.sign_in(make_user("sales", "head", locale="es"))
    for url in ("/", "/sla/", "/sla/1", "/sla/1/print"):
        page = browser.get(url).get_data(as_text=True)
        assert "Manipulación detectada" in page, url
        assert "Versión 1: falta la firma de Ventas." in page, url
