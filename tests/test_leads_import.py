"""CSV import: our template, CRM exports, locales, errors, re-imports, staging in chunks."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import make_user
from tests.lead_builders import T0, sla_in_force
from workspace import clock
from workspace.extensions import db
from workspace.leads import importing
from workspace.leads.models import Lead, StagedLead


@pytest.fixture
def importer():
    sla_in_force(make_user("marketing", "head"), make_user("sales", "head"))
    make_user("sales", "member", email="rep@example.test")
    clock.freeze(T0 + timedelta(days=1))
    return make_user("marketing", "member")


def leads_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Lead))


def run(importer, text: str, encoding: str = "utf-8"):
    return importing.import_file(importer, "leads.csv", text.encode(encoding), "UTC")


def test_our_template_imports_and_qualifies(importer):
    batch = run(importer, "external_id,company,employees,marketing_budget_monthly,"
                          "last_engaged_at,source\n"
                          "crm-1,Globex,250,45000,2026-03-01,webinar\n"
                          "crm-2,Tiny,12,500,2026-03-01,ebook\n")
    assert batch.status == "published" and batch.created_count == 2
    leads = {lead.company: lead for lead in db.session.scalars(select(Lead))}
    assert leads["Globex"].is_mql and not leads["Tiny"].is_mql
    assert leads["Globex"].assigned_to_id is not None
    assert db.session.scalar(select(func.count()).select_from(StagedLead)) == 0


def test_a_salesforce_export_in_spanish_with_spanish_numbers_and_dates(importer):
    batch = run(importer, "Id. del candidato;Nombre;Apellidos;Empresa;Correo electrónico;"
                          "Número de empleados;Origen del candidato;Fecha de creación\n"
                          "00Q1;Ana;García;Ibérica SA;ana@iberica.test;1.250;Webinar;"
                          "01/03/2026 10:30\n")
    assert batch.status == "published"
    lead = db.session.scalar(select(Lead))
    assert (lead.contact_name, lead.employees, lead.external_id) == ("Ana García", 1250, "00Q1")
    assert lead.handed_over_at.isoformat() == "2026-03-01T10:30:00+00:00"


def test_a_hubspot_export_in_english(importer):
    batch = run(importer, "Record ID,First Name,Last Name,Company Name,Email,"
                          "Number of Employees,Original Source,Last Engagement Date\n"
                          "501,Sam,Lee,Hooli,sam@hooli.test,\"1,500\",Paid search,02/28/2026\n")
    assert batch.status == "published"
    lead = db.session.scalar(select(Lead))
    assert (lead.employees, lead.source) == (1500, "Paid search")
    assert lead.last_engaged_at.date().isoformat() == "2026-02-28"


def test_a_file_with_errors_stores_nothing_and_reports_every_problem(importer):
    batch = run(importer, "company,employees,handed_over_at,assigned_to\n"
                          "Good,10,2026-03-01,\n"
                          ",12,2026-03-01,\n"
                          "Bad,lots,31/02/2026,nobody@example.test\n")
    assert batch.status == "staged" and batch.error_count == 4
    assert {(line, column) for line, column, _ in batch.errors} == {
        (3, "company"), (4, "employees"), (4, "handed_over_at"), (4, "assigned_to")}
    assert leads_count() == 0
    with pytest.raises(importing.ImportRefused):
        importing.publish(batch)


def test_re_importing_updates_and_never_duplicates(importer):
    text = "external_id,company,employees,source\ncrm-1,Globex,250,webinar\n"
    run(importer, text)
    again = run(importer, text.replace("250", "90").replace("webinar", "event"))
    assert (again.created_count, again.updated_count) == (0, 1)
    lead = db.session.scalar(select(Lead))
    assert leads_count() == 1 and (lead.employees, lead.source) == (90, "event")
    assert lead.row_version == 2


def test_duplicates_inside_one_file_are_errors(importer):
    batch = run(importer, "email,company\na@x.test,A\nA@x.test,A again\n")
    assert batch.errors == [[3, "email", "Same lead as line 2."]]


def test_empty_file_wrong_encoding_and_huge_cell(importer):
    with pytest.raises(importing.ImportRefused, match="empty"):
        run(importer, "")
    with pytest.raises(importing.ImportRefused, match="no rows"):
        run(importer, "company,email\n")
    with pytest.raises(importing.ImportRefused, match="UTF-8"):
        run(importer, "company\nCafé\n", encoding="utf-16")
    batch = run(importer, "company,campaign\nAcme," + "x" * 3000 + "\n")
    assert batch.error_count >= 1 and leads_count() == 0


def test_staging_goes_chunk_by_chunk(importer, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 2)
    body = "company\n" + "".join(f"Company {n}\n" for n in range(5))
    batch = importing.start_import(importer, "leads.csv", body.encode())
    importing.set_mapping(batch, batch.mapping, batch.date_order)
    progress = []
    while batch.status == "staging":
        importing.stage_next_chunk(batch, "UTC")
        progress.append(batch.progress)
    assert progress == [40, 80, 100] and leads_count() == 0
    importing.publish(batch)
    assert leads_count() == 5


def test_the_web_import_maps_checks_step_by_step_and_publishes(app, importer):
    import io
    import re

    clock.freeze(None)
    client = app.test_client()
    client.sign_in(importer)
    upload = client.post_form("/leads/imports/new", {"file": (io.BytesIO(
        b"Company Name,Number of Employees\nGlobex,250\nHooli,80\n"), "hub.csv")},
        content_type="multipart/form-data")
    assert upload.status_code == 303
    page = client.get(upload.headers["Location"]).get_data(as_text=True)
    assert re.search(r'id="map-company" name="company">.*?<option value="0" selected>', page,
                     re.S)
    import_id = upload.headers["Location"].rsplit("/", 1)[-1]
    client.post_form(f"/leads/imports/{import_id}/mapping", {"company": "0", "employees": "1",
                                                             "date_order": "dmy"})
    step = client.post_form(f"/leads/imports/{import_id}/step", htmx=True)
    assert step.headers["HX-Refresh"] == "true"
    ready = client.get(f"/leads/imports/{import_id}").get_data(as_text=True)
    assert "The file is clean" in ready and "2 new leads" in ready
    client.post_form(f"/leads/imports/{import_id}/publish")
    assert leads_count() == 2


def test_the_command_line_import(app, importer, tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("company,employees\nGlobex,250\n")
    result = app.test_cli_runner().invoke(args=["import-leads", str(path), "--as",
                                                importer.email])
    assert result.exit_code == 0 and "Imported 1 new leads" in result.output
    path.write_text("company,employees\n,250\n")
    failed = app.test_cli_runner().invoke(args=["import-leads", str(path), "--as",
                                                importer.email])
    assert failed.exit_code != 0 and "line 2, company" in failed.output


def test_two_rows_re_importing_one_lead_are_an_error(importer):
    run(importer, "external_id,company,email\ncrm-1,Globex,a@globex.test\n")
    batch = run(importer, "external_id,company,email\ncrm-9,Globex new,a@globex.test\n"
                          ",Globex,a@globex.test\n")
    assert batch.error_count == 1 and leads_count() == 1


def test_a_published_import_cannot_be_remapped_or_discarded(importer):
    batch = run(importer, "company\nAcme\n")
    with pytest.raises(importing.ImportRefused):
        importing.set_mapping(batch, batch.mapping, "dmy")
    with pytest.raises(importing.ImportRefused):
        importing.discard(batch)


def test_cells_with_tabs_backslashes_and_line_breaks_arrive_unchanged(importer):
    company = 'Tab\tand \\back\\slash "quoted" \\N ñandú'
    batch = run(importer, "external_id,company,contact_name,source\n"
                          f'crm-9,"{company.replace(chr(34), chr(34) * 2)}","Line one\n'
                          'line two",webinar\n')
    assert batch.status == "published", batch.errors
    lead = db.session.scalar(select(Lead).where(Lead.external_id == "crm-9"))
    assert lead.company == company and lead.contact_name == "Line one\nline two"
