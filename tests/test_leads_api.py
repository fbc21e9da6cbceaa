"""Leads over the API: validation, all-or-nothing batches, idempotent re-posts, ETags."""

from datetime import timedelta

from sqlalchemy import func, select

from tests.factories import make_user
from tests.lead_builders import T0, sla_in_force
from workspace import clock
from workspace.api.services import create_api_token
from workspace.extensions import db
from workspace.leads.models import Lead
from workspace.leads.services import log_attempt, rate

LEAD = {"external_id": "crm-1", "company": "Globex", "email": "Ana@Globex.test",
        "employees": 250, "marketing_budget_monthly": 45000.50,
        "last_engaged_at": "2026-03-01T10:00:00+01:00", "source": "webinar",
        "handed_over_at": "2026-03-02T09:00:00+00:00"}


def token(*scopes):
    return {"Authorization": f"Bearer {create_api_token('CRM', list(scopes), None).secret}"}


def setup():
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    clock.freeze(T0 + timedelta(hours=1))
    return make_user("sales", "member", email="rep@example.test")


def test_post_one_lead_answers_its_verdict_and_reasons(client):
    rep = setup()
    response = client.post("/api/v1/leads", json=LEAD, headers=token("leads:write"))
    assert response.status_code == 201
    body = response.json["leads"][0]
    assert body["is_mql"] is True and body["sla_version"] == 1
    assert body["assigned_to"] == rep.email
    budget = next(r for r in body["reasons"] if r["field"] == "marketing_budget_monthly")
    assert budget == {"field": "marketing_budget_monthly", "op": ">", "value": 30000.0,
                      "actual": 45000.5, "passed": True}
    assert body["url"].endswith(f"/leads/{body['id']}")


def test_a_batch_with_one_bad_lead_stores_nothing_and_names_each_problem(client):
    setup()
    response = client.post("/api/v1/leads", json={"leads": [
        LEAD, {"company": "", "employees": -1}, {"company": "X", "handed_over_at": "yesterday",
                                                 "assigned_to": "nobody@example.test"}]},
        headers=token("leads:write"))
    assert response.status_code == 422
    problems = {(e["index"], e["field"]) for e in response.json["errors"]}
    assert problems == {(1, "company"), (1, "employees"), (2, "handed_over_at"),
                        (2, "assigned_to")}
    assert db.session.scalar(select(func.count()).select_from(Lead)) == 0


def test_re_posting_updates_crm_fields_only(client):
    rep = setup()
    headers = token("leads:write")
    lead_id = client.post("/api/v1/leads", json=LEAD, headers=headers).json["leads"][0]["id"]
    lead = db.session.get(Lead, lead_id)
    log_attempt(lead, rep, "call", "connected")
    rate(lead, rep, 4, "accepted", "fits")
    again = client.post("/api/v1/leads", json={**LEAD, "employees": 90, "campaign": "Q2"},
                        headers=headers)
    assert again.status_code == 200 and again.json["leads"][0]["id"] == lead_id
    assert again.json["leads"][0]["is_mql"] is False
    db.session.expire_all()
    lead = db.session.get(Lead, lead_id)
    assert (lead.campaign, lead.status, lead.attempts_count) == ("Q2", "accepted", 1)
    by_email = client.post("/api/v1/leads", json={"company": "Globex", "email": "ana@globex.test"},
                           headers=headers)
    assert by_email.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Lead)) == 1


def test_get_lead_with_attempts_feedback_and_etag_then_patch_with_if_match(client):
    rep = setup()
    write, read = token("leads:write"), token("leads:read")
    lead_id = client.post("/api/v1/leads", json=LEAD, headers=write).json["leads"][0]["id"]
    attempt = client.post(f"/api/v1/leads/{lead_id}/attempts", headers=write, json={
        "at": "2026-03-02T09:20:00+00:00", "channel": "call", "outcome": "connected",
        "rep_email": rep.email})
    assert attempt.status_code == 201
    rate(db.session.get(Lead, lead_id), rep, 5, "accepted", "fits")
    got = client.get(f"/api/v1/leads/{lead_id}", headers=read)
    assert got.json["status"] == "accepted" and got.json["attempts"][0]["rep"] == rep.email
    assert got.json["feedback"][0]["verdict"] == "accepted"
    etag = got.headers["ETag"]
    won = {"status": "won", "deal_value": 12500, "attribution": "both"}
    assert client.patch(f"/api/v1/leads/{lead_id}", json=won, headers=write).status_code == 428
    blind = client.patch(f"/api/v1/leads/{lead_id}", json=won, headers={**write, "If-Match": "*"})
    assert blind.status_code == 428 and "not *" in blind.json["errors"][0]["message"]
    stale = client.patch(f"/api/v1/leads/{lead_id}", json=won,
                         headers={**write, "If-Match": '"lead-1-0"'})
    assert stale.status_code == 412
    done = client.patch(f"/api/v1/leads/{lead_id}", json=won, headers={**write, "If-Match": etag})
    assert done.status_code == 200 and done.json["deal_value"] == 12500.0
    assert done.json["attribution"] == "both" and done.headers["ETag"] != etag


def test_list_is_paginated_by_hand_off_period(client):
    setup()
    headers = token("leads:write", "leads:read")
    leads = [{**LEAD, "external_id": f"crm-{n}", "email": f"p{n}@x.test",
              "handed_over_at": f"2026-03-0{1 + n % 3}T10:00:00+00:00"} for n in range(5)]
    client.post("/api/v1/leads", json={"leads": leads}, headers=headers)
    page = client.get("/api/v1/leads?handed_over_from=2026-03-02T00:00:00%2B00:00",
                      headers=headers)
    assert page.status_code == 200 and len(page.json["leads"]) == 3 and page.json["next"] is None


def test_scopes_are_enforced(client):
    setup()
    assert client.post("/api/v1/leads", json=LEAD, headers=token("leads:read")).status_code == 403
    assert client.get("/api/v1/leads/1", headers=token("leads:write")).status_code == 403
    assert client.post("/api/v1/leads", json=LEAD).status_code == 401


def test_the_same_lead_twice_in_a_batch_is_refused(client):
    setup()
    response = client.post("/api/v1/leads", json={"leads": [LEAD, {**LEAD, "company": "Dup"}]},
                           headers=token("leads:write"))
    assert response.status_code == 422
    assert response.json["errors"] == [{"index": 1, "field": "external_id",
                                        "message": "Same lead as index 0."}]


def test_a_batch_is_assigned_round_robin_in_a_few_queries(app, client):
    from sqlalchemy import event

    setup()
    make_user("sales", "member", email="rep2@example.test")
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        leads = [{**LEAD, "external_id": f"crm-{n}", "email": f"p{n}@x.test"} for n in range(40)]
        response = client.post("/api/v1/leads", json={"leads": leads},
                               headers=token("leads:write"))
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert response.status_code == 201
    owners = [lead["assigned_to"] for lead in response.json["leads"]]
    assert owners.count("rep@example.test") == owners.count("rep2@example.test") == 20
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) < 15  # a fixed number of reads, not a round per lead


def test_a_batch_notifies_each_rep_follows_and_records_each_lead(client):
    from workspace.activity.models import ActivityEntry
    from workspace.leads.models import LeadMonth
    from workspace.notifications.models import Follow, Notification

    rep = setup()
    other = make_user("sales", "member")
    leads = [{**LEAD, "external_id": f"crm-{n}", "email": f"p{n}@globex.test"} for n in range(6)]
    response = client.post("/api/v1/leads", json={"leads": leads}, headers=token("leads:write"))
    assert response.status_code == 201
    assigned = [lead["assigned_to"] for lead in response.json["leads"]]
    assert sorted(set(assigned)) == sorted({rep.email, other.email})  # round-robin
    ids = {lead["id"] for lead in response.json["leads"]}
    notified = db.session.execute(select(Notification.user_id, Notification.target_id).where(
        Notification.kind == "assigned", Notification.excerpt == "Globex")).all()
    followed = db.session.execute(select(Follow.user_id, Follow.target_id).where(
        Follow.target_type == "lead")).all()
    expected = {(db.session.get(Lead, i).assigned_to_id, i) for i in ids}
    assert set(notified) == expected and set(followed) == expected
    assert {e.target_id for e in db.session.scalars(select(ActivityEntry).where(
        ActivityEntry.verb == "handed over"))} == ids
    assert db.session.scalar(select(func.sum(LeadMonth.mqls))) == 6


def test_an_unknown_lead_is_a_json_404_everywhere(client):
    headers = token("leads:read", "leads:write")
    for method, path, body in (("get", "/api/v1/leads/999", None),
                               ("post", "/api/v1/leads/999/attempts", {"channel": "call"}),
                               ("patch", "/api/v1/leads/999", {"status": "won"})):
        response = getattr(client, method)(path, json=body, headers=headers)
        assert response.status_code == 404, path
        assert response.json == {"errors": [{"field": "id", "message": "No lead 999."}]}
