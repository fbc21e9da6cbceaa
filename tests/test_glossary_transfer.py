"""Glossary export, and CSV import that is all or nothing."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.factories import make_user
from tests.glossary_builders import make_term
from workspace.extensions import db
from workspace.glossary.models import Term
from workspace.glossary.services import decide


def upload(client, text: str, htmx=False):
    return client.post_form("/glossary/import", {
        "file": (io.BytesIO(text.encode("utf-8")), "terms.csv")},
        content_type="multipart/form-data")


def test_export_csv_and_markdown(marketer_client):
    make_term(make_user(), "MQL", "A **qualified** lead.", aliases="Marketing qualified lead")
    response = marketer_client.get("/glossary/export.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="glossary.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [{"name": "MQL", "aliases": "Marketing qualified lead",
                     "definition": "A **qualified** lead.", "examples": "",
                     "owner_team": "marketing", "related": "", "status": "proposed"}]
    markdown = marketer_client.get("/glossary/export.md").get_data(as_text=True)
    assert "## MQL" in markdown and "A **qualified** lead." in markdown


def test_import_creates_proposed_terms_and_revises_existing_ones(marketer_client):
    term = make_term(make_user(), "MQL", "Old definition")
    decide(term, make_user("marketing", "head"), True)
    decide(term, make_user("sales", "head"), True)
    response = upload(marketer_client, "name,definition,owner_team,aliases\n"
                                       "SQL,A lead sales accepted,sales,Opportunity; Opp\n"
                                       "mql,New definition,marketing,\n")
    assert response.status_code == 303
    db.session.expire_all()
    sql = db.session.scalar(select(Term).where(Term.name == "SQL"))
    assert sql.status == "proposed" and sql.alias_list == ["Opportunity", "Opp"]
    mql = db.session.get(Term, term.id)
    assert mql.definition == "New definition" and mql.status == "reapproval"
    assert mql.current_revision == 2


def test_an_import_with_any_bad_row_saves_nothing_and_lists_every_problem(marketer_client):
    make_term(make_user(), "MQL", "Kept as is")
    response = upload(marketer_client, "name,definition,owner_team\n"
                                       "SQL,Fine row,sales\n"
                                       ",No name,sales\n"
                                       "CAC,,finance\n"
                                       "sql,Duplicate,sales\n")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "4 problems, nothing was imported" in body
    for message in ("A name is required.", "A definition is required.",
                    "Use marketing or sales.", "Same name as line 2."):
        assert message in body
    assert db.session.scalar(select(func.count()).select_from(Term)) == 1


def test_an_import_needs_the_name_and_definition_columns_and_utf8(marketer_client):
    assert "including name, definition" in upload(
        marketer_client, "title,text\nA,B\n").get_data(as_text=True)
    response = marketer_client.post_form("/glossary/import", {
        "file": (io.BytesIO("name,definition\nCalificación,x\n".encode("latin-1")), "t.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422 and "not UTF-8" in response.get_data(as_text=True)


def test_the_admin_loads_the_starter_glossary_in_their_language(app, admin_client, admin):
    from workspace.auth.services import update_profile

    update_profile(admin, admin.name, "es", "UTC")
    response = admin_client.post_form("/glossary/starter")
    assert response.status_code == 303
    names = set(db.session.scalars(select(Term.name)))
    assert {"Embudo de ventas", "MQL", "Ventarketing"} <= names and len(names) == 14
    assert set(db.session.scalars(select(Term.status))) == {"proposed"}
    admin_client.post_form("/glossary/starter")
    assert db.session.scalar(select(func.count()).select_from(Term)) == 14


def test_only_the_admin_loads_the_starter_glossary(marketing_head_client):
    assert marketing_head_client.post_form("/glossary/starter").status_code == 403


def test_export_neutralises_cells_a_spreadsheet_would_run(marketer_client):
    make_term(make_user(), "=HYPERLINK(\"http://evil.test\")", "@SUM(A1) +1 -2")
    rows = list(csv.DictReader(io.StringIO(
        marketer_client.get("/glossary/export.csv").get_data(as_text=True))))
    assert rows[0]["name"].startswith("'=") and rows[0]["definition"].startswith("'@")


@settings(max_examples=25)
@given(lead=st.sampled_from(["- ", "=", "+", "@", "-", "* ", "1. ", ""]),
       body=st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
                    min_size=1, max_size=40).map(str.strip).filter(bool))
def test_an_export_imported_again_changes_nothing(app, lead, body):
    """Export neutralises what a spreadsheet would run; import reads it back as it was, so a
    definition that is a markdown list (or starts like a formula) survives the round trip."""
    from workspace.extensions import db as database

    author = make_user("marketing", "member")
    client = app.test_client()
    client.sign_in(author)
    definition = f"{lead}{body}"
    term = make_term(author, f"Term {make_user().id}", definition)
    before = term.current_revision
    exported = client.get("/glossary/export.csv").get_data(as_text=True)
    assert upload(client, exported).status_code in (200, 303)
    database.session.expire_all()
    again = database.session.get(Term, term.id)
    assert again.definition == definition and again.current_revision == before
