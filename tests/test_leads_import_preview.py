"""Real CRM exports read as the marketer means them: every heading spelling, the preview's MQL
count and rule warnings, unused columns, owners matched by name or chosen by the importer."""

import re
import unicodedata
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.factories import make_user
from tests.lead_builders import T0, sla_in_force
from workspace import clock
from workspace.extensions import db
from workspace.leads import import_preview, importing
from workspace.leads.csvformats import ALIASES, field_for, guess_mapping
from workspace.leads.models import Lead

# A HubSpot contacts export from a Spanish portal: semicolons, decimal commas, day first.
HUBSPOT_ES = """\
ID de registro;Nombre;Apellidos;Correo;Nombre de la empresa;Número de empleados;\
Presupuesto de marketing mensual;Fecha de la última actividad;País/región;Fuente original;\
Propietario del contacto;Fecha de creación;Etapa del ciclo de vida
1001;Lucía;Fernández;lucia@iberia-log.test;Iberia Logística SL;350;45.000,00;\
25/02/2026 16:05;España;Búsqueda orgánica;rep@example.test;01/03/2026 10:30;\
Lead cualificado para marketing
1002;Jorge;Martín;jorge@panaderias.test;Panaderías Martín;12;1.500,00;20/02/2026 09:00;\
España;Redes sociales;;01/03/2026 11:00;Suscriptor
1003;Carmen;Ruiz;carmen@andes.test;Andes Minería SA;1.200;80.000,00;10/01/2026 12:00;Chile;\
Tráfico directo;;01/03/2026 12:00;Lead
"""

# The same export from an English portal: commas, thousands separators, month first.
HUBSPOT_EN = """\
Record ID,First Name,Last Name,Email,Company Name,Number of Employees,Monthly Marketing Budget,\
Last Activity Date,Country/Region,Original Source,Contact Owner,Create Date,Lifecycle Stage
2001,Sam,Lee,sam@hooli.test,Hooli,"1,500","$45,000.00",02/27/2026 14:10,United States,\
Paid search,rep@example.test,03/01/2026 09:15,Marketing qualified lead
2002,Ana,Diaz,ana@pied.test,Pied Piper,40,"$2,000.00",02/26/2026 08:00,United States,\
Organic search,,03/01/2026 10:00,Lead
"""

# A Salesforce lead report whose owner column holds people's names, as people type them.
SALESFORCE_OWNERS = """\
Lead Owner,First Name,Last Name,Title,Company / Account,Email,No. of Employees,Lead Source,\
Last Activity,Created Date
María López,Ana,Ruiz,CMO,Globex,ana@globex.test,250,Webinar,25/02/2026,01/03/2026
maria lopez,Bo,Chen,VP Sales,Initech,bo@initech.test,120,Trade show,26/02/2026,01/03/2026
Jordan Pike,Cy,Diaz,CEO,Umbrella,cy@umbrella.test,80,Web,27/02/2026,01/03/2026
JORDAN PIKE,Di,Evans,CTO,Soylent,di@soylent.test,300,Web,27/02/2026,01/03/2026
Sam Former,Ed,Fox,CFO,Vandelay,ed@vandelay.test,90,Web,27/02/2026,01/03/2026
"""

# Made by hand: headings as someone typed them, and dates no calendar has.
HAND_MADE = """\
Company Name ,E-Mail,EMPLOYEES,last_engagement_at,Marketing budget (monthly),Notes
Acme,a@acme.test,250,2026-02-30,40000,called twice
Beta,b@beta.test,120,31/02/2026,40000,
Gamma,g@gamma.test,150,2026-02-25,40000,
"""


@pytest.fixture
def importer():
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    make_user("sales", "member", email="rep@example.test", name="Robin Rep")
    clock.freeze(T0 + timedelta(days=1))
    return make_user("marketing", "member")


def staged(importer, text: str):
    batch = importing.start_import(importer, "export.csv", text.encode())
    importing.set_mapping(batch, batch.mapping, batch.date_order)
    while batch.status == "staging":
        importing.stage_next_chunk(batch, "UTC")
    return batch


def mqls_stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Lead).where(Lead.is_mql))


def lead(company: str) -> Lead:
    return db.session.scalar(select(Lead).where(Lead.company == company))


@pytest.mark.parametrize(("text", "mqls", "unused"), [
    (HUBSPOT_ES, 1, ["Etapa del ciclo de vida"]),
    (HUBSPOT_EN, 1, ["Lifecycle Stage"])])
def test_a_hubspot_export_previews_the_mqls_publishing_gives(importer, text, mqls, unused):
    batch = staged(importer, text)
    assert batch.error_count == 0, batch.errors
    preview = import_preview.preview(batch)
    assert (preview.mqls, preview.gaps, preview.unused) == (mqls, [], unused)
    importing.publish(batch)
    assert mqls_stored() == preview.mqls and batch.created_count == preview.new


def test_the_spanish_export_reads_budget_and_last_activity(importer):
    batch = staged(importer, HUBSPOT_ES)
    assert {"marketing_budget_monthly", "last_engaged_at", "country",
            "assigned_to"} <= set(batch.mapping)
    importing.publish(batch)
    iberia = lead("Iberia Logística SL")
    assert (iberia.marketing_budget_monthly, iberia.is_mql) == (4_500_000, True)
    assert iberia.last_engaged_at.isoformat() == "2026-02-25T16:05:00+00:00"


def test_a_hand_made_file_reports_each_impossible_date(importer):
    batch = staged(importer, HAND_MADE)
    assert batch.mapping["last_engaged_at"] == 3 and batch.mapping["company"] == 0
    assert [(line, column) for line, column, _ in batch.errors] == [
        (2, "last_engaged_at"), (3, "last_engaged_at")]
    assert db.session.scalar(select(func.count()).select_from(Lead)) == 0


@pytest.mark.parametrize(("header", "field"), [
    ("Presupuesto de marketing mensual", "marketing_budget_monthly"),
    ("Fecha de la última actividad", "last_engaged_at"), ("last_engagement_at", "last_engaged_at"),
    ("Last Activity Date", "last_engaged_at"), ("Last Engagement Date", "last_engaged_at"),
    ("numberofemployees", "employees"), ("Nº de empleados", "employees"),
    ("País/región", "country"), ("Industria", "industry"), ("Origen del candidato", "source"),
    ("Lead Owner", "assigned_to"), ("Propietario del contacto", "assigned_to")])
def test_the_crms_own_headings_for_every_rule_field(header, field):
    assert field_for(header) == field


def _accentless(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


SPELLED = st.sampled_from([(field, alias) for field, aliases in ALIASES.items()
                           for alias in (field, *aliases)])


@given(spelled=SPELLED, accents=st.booleans(), separator=st.sampled_from(
    [" ", "_", "-", "  ", ".", ""]), cases=st.lists(st.booleans(), min_size=60, max_size=60),
    padding=st.sampled_from(["", " ", "\t"]))
def test_any_spelling_of_an_alias_maps_to_its_field(spelled, accents, separator, cases,
                                                    padding):
    field, alias = spelled
    words = re.split(r"[\s_]+", alias if accents else _accentless(alias))
    text = separator.join(words)
    text = "".join(c.upper() if upper else c.lower() for c, upper in zip(
        text, cases + [False] * len(text), strict=False))
    assert field_for(padding + text + padding) == field
    assert guess_mapping(["Unrelated notes", padding + text]) == {field: 1}


def test_the_warning_appears_exactly_when_every_row_lacks_the_field(app, importer):
    budget = {"field": "marketing_budget_monthly", "op": ">", "value": 3_000_000}
    missing = staged(importer, "company,employees,last_engaged_at\n"
                               "A,250,2026-03-01\nB,300,2026-03-01\n")
    assert import_preview.rule_gaps(missing) == [import_preview.RuleGap(budget, None, 2)]
    with app.test_request_context():
        assert import_preview.rule_gaps(missing)[0].words("USD") == (
            "No column gives the monthly marketing budget: all 2 leads will fail the rule "
            "“monthly marketing budget more than $30,000.00”.")
    empty = staged(importer, "company,marketing_budget_monthly\nA,\nB,\n")
    assert {(gap.rule["field"], gap.column, gap.leads)
            for gap in import_preview.rule_gaps(empty)} == {
        ("marketing_budget_monthly", "marketing_budget_monthly", 2),
        ("employees", None, 2), ("days_since_engagement", None, 2)}
    one = staged(importer, "company,employees,last_engaged_at,marketing_budget_monthly\n"
                           "A,250,2026-03-01,\nB,300,2026-03-01,40000\n")
    assert import_preview.rule_gaps(one) == []


def test_the_mapping_page_warns_of_rules_no_column_feeds_and_lists_unused_columns(app,
                                                                                 importer):
    batch = importing.start_import(importer, "x.csv",
                                   b"Company,Headcount,Favourite colour\nA,300,blue\n")
    assert [(gap.rule["field"], gap.leads) for gap in import_preview.unmapped_rules(batch)] == [
        ("days_since_engagement", 1), ("marketing_budget_monthly", 1)]
    client = app.test_client()
    client.sign_in(importer)
    page = client.get(f"/leads/imports/{batch.id}").get_data(as_text=True)
    assert "No column gives the monthly marketing budget: the lead will fail" in page
    assert "No column gives the employees" not in page
    assert re.search(r'id="import-unused">.*Favourite colour', page, re.S)


def test_the_preview_page_shows_mqls_warnings_and_unused_columns(app, importer):
    batch = staged(importer, "Company,Employees,Last Activity,Notes\n"
                             "A,250,2026-03-01,x\nB,300,2026-03-01,y\n")
    client = app.test_client()
    client.sign_in(importer)
    page = client.get(f"/leads/imports/{batch.id}").get_data(as_text=True)
    assert "0 leads qualify as MQL" in page
    assert re.search(r'role="alert" id="import-rule-gaps">\s*<ul><li>No column gives the '
                     r'monthly marketing budget: all 2 leads', page)
    assert re.search(r'id="import-unused">.*<li>Notes</li>', page, re.S)


@pytest.fixture
def sales_team(importer):
    return {"maria": make_user("sales", "member", name="María López"),
            "kim": make_user("sales", "member", name="Kim Novak")}


def test_owners_match_by_name_without_accents_or_case(importer, sales_team):
    batch = staged(importer, SALESFORCE_OWNERS)
    assert batch.error_count == 0, batch.errors
    owners = import_preview.preview(batch).owners
    assert [(owner.name, owner.lines) for owner in owners] == [("Jordan Pike", [4, 5]),
                                                               ("Sam Former", [6])]
    assert import_preview.unused_columns(batch) == ["Title"]
    importing.publish(batch, {"jordan pike": sales_team["kim"].id})
    assert lead("Globex").assigned_to_id == lead("Initech").assigned_to_id == (
        sales_team["maria"].id)
    assert lead("Umbrella").assigned_to_id == lead("Soylent").assigned_to_id == (
        sales_team["kim"].id)
    assert lead("Vandelay").assigned_to_id is not None  # the rotation's


def test_an_owner_is_only_mapped_to_an_active_member_of_sales(importer, sales_team):
    batch = staged(importer, SALESFORCE_OWNERS)
    with pytest.raises(importing.ImportRefused):
        importing.publish(batch, {"jordan pike": importer.id})
    assert db.session.scalar(select(func.count()).select_from(Lead)) == 0


def test_the_command_line_names_the_owners_it_cannot_place(importer, sales_team):
    with pytest.raises(importing.ImportRefused, match="Jordan Pike, Sam Former"):
        importing.import_file(importer, "sf.csv", SALESFORCE_OWNERS.encode(), "UTC")
    assert db.session.scalar(select(func.count()).select_from(Lead)) == 0


def test_the_confirm_form_maps_each_unknown_name_or_leaves_it_to_the_rotation(app, importer,
                                                                             sales_team):
    batch = staged(importer, SALESFORCE_OWNERS)
    client = app.test_client()
    client.sign_in(importer)
    page = client.get(f"/leads/imports/{batch.id}").get_data(as_text=True)
    assert "2 owners in the file match no rep" in page
    jordan, sam = re.findall(r'<select id="(owner_[0-9a-f]+)"', page)
    assert re.search(rf'for="{jordan}">Jordan Pike', page)
    refused = client.post_form(f"/leads/imports/{batch.id}/publish", {jordan: "999999"})
    assert refused.status_code == 303 and lead("Umbrella") is None
    client.post_form(f"/leads/imports/{batch.id}/publish",
                     {jordan: str(sales_team["kim"].id), sam: ""})
    assert lead("Soylent").assigned_to_id == sales_team["kim"].id
    assert lead("Vandelay").assigned_to_id is not None
