"""One intake: the form, the CSV import and the API store the same lead the same way."""

from datetime import timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.factories import make_user
from tests.lead_builders import T0, sla_in_force
from workspace import clock
from workspace.api.services import create_api_token
from workspace.extensions import db
from workspace.leads import importing
from workspace.leads.models import Lead
from workspace.money import to_cents

STORED = ("company", "contact_name", "email", "industry", "country", "source", "campaign",
          "employees", "marketing_budget_monthly", "is_mql")


@given(st.decimals(min_value=0, max_value=10**9, places=3))
def test_cents_round_half_up_whatever_the_amount(amount: Decimal):
    cents = to_cents(amount)
    assert abs(Decimal(cents) - amount * 100) <= Decimal("0.5")
    if (amount * 1000) % 10 == 5:  # exactly half a cent: up
        assert cents > amount * 100


def _stored(lead: Lead) -> dict:
    return {name: getattr(lead, name) for name in STORED}


def test_form_csv_and_api_store_one_lead_identically(app, client):
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    make_user("sales", "member")
    marketer = make_user("marketing", "member")
    clock.freeze(T0 + timedelta(days=1))
    typed = {"company": "  Globex ", "contact_name": "Ana Ruiz", "industry": " Software",
             "country": "ES", "source": "webinar", "campaign": "Q1"}
    client.sign_in(marketer)
    client.post_form("/leads/new", {**typed, "email": "ANA@Globex.test", "employees": "250",
                                    "marketing_budget_monthly": "45000.50",
                                    "last_engaged_on": "2026-03-01", "assigned_to": ""})
    importing.import_file(marketer, "leads.csv", (
        b"company,contact_name,email,employees,marketing_budget_monthly,industry,country,"
        b"last_engaged_at,source,campaign\n"
        b'"  Globex ",Ana Ruiz,ANA@Globex2.test,250,"45000.50", Software,ES,2026-03-01,'
        b"webinar,Q1\n"), "UTC")
    secret = create_api_token("CRM", ["leads:write"], None).secret
    client.post("/api/v1/leads", headers={"Authorization": f"Bearer {secret}"}, json={
        **typed, "email": "ANA@Globex3.test", "employees": 250,
        "marketing_budget_monthly": "45000.50", "last_engaged_at": "2026-03-01T00:00:00+00:00"})
    leads = list(db.session.scalars(select(Lead).order_by(Lead.id)))
    assert len(leads) == 3
    ways = [{**_stored(lead), "email": lead.email.replace("2", "").replace("3", "")}
            for lead in leads]
    assert ways[0] == ways[1] == ways[2]
    assert ways[0]["company"] == "Globex" and ways[0]["email"] == "ana@globex.test"
    assert ways[0]["marketing_budget_monthly"] == 4_500_050 and ways[0]["country"] == "es"


def test_every_way_in_takes_its_turn_in_one_rotation(app, client):
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    reps = [make_user("sales", "member") for _ in range(3)]
    marketer = make_user("marketing", "member")
    clock.freeze(T0 + timedelta(days=1))
    importing.import_file(marketer, "a.csv", b"company\nA\nB\n", "UTC")
    secret = create_api_token("CRM", ["leads:write"], None).secret
    client.post("/api/v1/leads", headers={"Authorization": f"Bearer {secret}"},
                json={"leads": [{"company": "C"}, {"company": "D"}]})
    client.sign_in(marketer)
    client.post_form("/leads/new", {"company": "E", "source": "webinar", "assigned_to": ""})
    assigned = db.session.scalars(select(Lead.assigned_to_id).order_by(Lead.id)).all()
    expected = [reps[i % 3].id for i in range(5)]
    assert assigned == expected


def test_an_amount_below_the_cent_is_refused_by_every_way_in_not_rounded_away(app):
    from workspace.leads.intake import number_refusal

    for value in (Decimal("0.001"), Decimal("12.345"), 0.001):
        refusal = number_refusal("deal_value", value)
        assert refusal is not None and "two decimals" in refusal.english(), value
    for value in (Decimal("12.34"), Decimal("45000.500"), 12.34, 0):
        assert number_refusal("marketing_budget_monthly", value) is None, value
    assert number_refusal("employees", Decimal("3")) is None
