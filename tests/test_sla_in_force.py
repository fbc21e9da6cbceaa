"""What is in force is what both heads signed: the agreement log, not the versions table, says
which version took effect when, and a version that does not prove itself judges no lead, by
any way in (form, API, CSV import). On SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.factories import make_user
from tests.test_sla_tamper import api, as_an_insider, hash_with, heads, signed  # noqa: F401
from workspace import clock
from workspace.api.services import create_api_token
from workspace.extensions import db
from workspace.leads import importing
from workspace.leads.models import Lead
from workspace.leads.services import LeadRefused, hand_over
from workspace.metrics.queries import month_versions
from workspace.months import Month
from workspace.sla import services
from workspace.sla.rules import clean_rule

IN_JANUARY = datetime(2027, 1, 10, 9, tzinfo=UTC)


def leads_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Lead))


def test_it_starts_when_the_log_says_whatever_the_table_says(signed):  # noqa: F811
    as_an_insider("UPDATE agreement_versions SET effective_from = :at WHERE id = :id",
                  id=signed.id, at="2026-12-02 00:00:00")
    assert services.version_in_force(datetime(2026, 12, 15, tzinfo=UTC)) is None
    assert services.version_in_force(IN_JANUARY).number == 1
    december, january = Month.of(2026, 12, "UTC"), Month.of(2027, 1, "UTC")
    clock.freeze(IN_JANUARY)
    assert [v and v.number for v in month_versions([december, january])] == [None, 1]


def test_a_version_marked_signed_in_the_table_alone_never_takes_effect(client, heads):  # noqa: F811
    marketing, sales = heads
    clock.freeze(datetime(2026, 12, 1, 9, tzinfo=UTC))
    version = services.draft_version(marketing)
    services.edit_draft(version, {"text": "t", "review_on": "2027-02-15", "mql_rules": [
        clean_rule("employees", ">", "1")]}, version.current_revision, marketing)
    services.propose(version, marketing)
    as_an_insider("UPDATE agreement_versions SET status = 'signed', effective_from = :at "
                  "WHERE id = :id", id=version.id, at="2026-12-01 00:00:00")
    assert services.version_in_force() is None
    token = create_api_token("Dashboards", ["sla:read"], None).secret
    assert client.get("/api/v1/sla/active",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 404


@pytest.fixture
def tampered(signed):  # noqa: F811
    """Version 1, in force from January, with a commitment and its hash rewritten."""
    as_an_insider("UPDATE agreement_versions SET min_attempts = 1, content_hash = :hash "
                  "WHERE id = :id", id=signed.id, hash=hash_with(signed, min_attempts=1))
    make_user("sales", "member", email="rep@example.test")
    clock.freeze(IN_JANUARY)
    return signed


def test_the_form_hand_off_is_refused_and_nothing_is_saved(tampered):
    with pytest.raises(LeadRefused, match="SLA version 1, in force at this hand-off, does not "
                                          "prove itself"):
        hand_over(make_user("marketing", "member"), {"company": "Globex"})
    db.session.rollback()
    assert leads_count() == 0
    # before it took effect no version judged leads, so that hand-off is still taken
    lead = hand_over(None, {"company": "Initech"},
                     handed_over_at=datetime(2026, 12, 20, tzinfo=UTC))
    assert lead.sla_version is None and lead.is_mql is None


def test_the_api_hand_off_is_refused_with_the_reason(client, tampered):
    token = create_api_token("CRM", ["leads:write"], None).secret
    response = client.post("/api/v1/leads", json={"leads": [{"company": "Globex"},
                                                            {"company": "Initech"}]},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert "does not prove itself" in response.json["errors"][0]["message"]
    assert leads_count() == 0


def test_the_import_reports_every_row_and_imports_nothing(tampered):
    batch = importing.import_file(make_user("marketing", "member"), "leads.csv",
                                  b"company\nGlobex\nInitech\n", "UTC")
    assert batch.status != "published" and batch.error_count == 2
    assert {line for line, _, message in batch.errors
            if "does not prove itself" in message} == {2, 3}
    assert leads_count() == 0


def test_the_api_names_the_whole_record_state(client, tampered):
    body = api(client, "/api/v1/sla/active")
    assert body["intact"] is False and body["record"]["intact"] is False
    assert "Version 1: the Sales signature binds other content than the version holds." in \
        body["record"]["problems"]


def test_an_intact_record_says_so_in_the_api(client, signed):  # noqa: F811
    clock.freeze(IN_JANUARY)
    body = api(client, "/api/v1/sla/active")
    assert body["number"] == 1 and body["record"] == {"intact": True, "problems": []}
