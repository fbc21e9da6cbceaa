"""Hostile and messy input (issue 17): generated odd values never answer a 5xx, never redirect
off-site, and never store what a page cannot show. Each class is closed in one place:
`workspace.redirects` for `next`, `workspace.leads.intake` for lead values, and
`workspace.api.bodies` for the JSON the API is sent."""

import io
import re
from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.factories import PASSWORD, make_user
from tests.lead_builders import T0, make_lead, sla_in_force
from workspace import clock
from workspace.api.services import create_api_token
from workspace.extensions import db
from workspace.leads import services
from workspace.leads.api_values import LEAD_INPUT, parse_lead
from workspace.leads.import_rows import Columns, parse_row
from workspace.leads.intake import refusals
from workspace.leads.models import Lead
from workspace.redirects import is_local_path

HOST = "localhost"
NOW = T0 + timedelta(days=1)


# --- 1. One safe-redirect check ---------------------------------------------------------------

def browser_host(location: str) -> str:
    """The host a browser lands on for this Location, read as the URL standard does: leading
    and trailing spaces and controls dropped, tabs and newlines removed, "\\" read as "/"."""
    cleaned = location.strip("".join(map(chr, range(0x21))))
    cleaned = "".join(c for c in cleaned if c not in "\t\n\r").replace("\\", "/")
    return urlsplit(urljoin(f"http://{HOST}/login", cleaned)).netloc


BYPASSES = ["/%09/evil.example", "/%0A/x", "/%0D%0A/x", "//evil.example", "/\\evil.example",
            "\\/evil.example", "\\\\evil.example", "/%2f/evil.example", "/%2F%2Fevil.example",
            "%2f%2fevil.example", "/%5cevil.example", "/%5C/evil.example", "/%252f/evil.example",
            "/%25252F/evil.example", "https://evil.example", "http:evil.example",
            "http:/evil.example", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
            " //evil.example", "/ /evil.example", "/\t/evil.example", "/\u3000/evil.example",
            "/\u200b/evil.example", "%09//evil.example", "evil.example", "/%00/x", "/%E2%80%AE/x",
            "\x00/x", "//%09evil.example", "/%%32%66/evil.example"]


@pytest.mark.parametrize("target", BYPASSES)
def test_each_known_bypass_goes_to_the_default_page_after_signing_in(client, target):
    user = make_user()
    response = client.post_form(f"/login?next={_raw(target)}",
                                {"email": user.email, "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def _raw(target: str) -> str:
    """The target as it stands in a query string: characters a URL cannot hold escaped once,
    "%" sequences left as the attacker wrote them."""
    from urllib.parse import quote

    return quote(target, safe="%/:\\")


def test_a_local_path_with_its_query_is_kept(client):
    client.sign_in(make_user())
    response = client.get("/login?next=/leads/%3Fview%3Dall%26page%3D2")
    assert response.headers["Location"] == "/leads/?view=all&page=2"


TRICKS = st.sampled_from(["/", "//", "\\", "%2f", "%2F", "%5c", "%5C", "%25", "%09", "%0a",
                          "%0D", "%00", "\t", "\n", "\r", " ", "\u3000", "\u200b", "\x7f", ":",
                          "@", "http:", "https://", "evil.example", ".", "..", "?", "#", "%",
                          "2f", "a"])
NEXT = st.one_of(st.lists(TRICKS, max_size=8).map("".join),
                 st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
                 st.lists(TRICKS, max_size=4).map(lambda parts: "/" + "".join(parts)))


@settings(max_examples=200)
@given(NEXT)
def test_no_generated_target_is_judged_local_yet_resolves_elsewhere(target):
    if is_local_path(target):
        assert target.startswith("/") and not target.startswith("//")
        assert browser_host(target) == HOST


@settings(max_examples=60)
@given(target=NEXT)
def test_any_generated_next_redirects_home_or_to_a_path_on_this_host(client, target):
    if not hasattr(client, "user"):
        client.sign_in(make_user())
    response = client.get("/login", query_string={"next": target})
    assert response.status_code < 500
    location = response.headers["Location"]
    assert location == "/" or (location.startswith("/") and not location.startswith("//"))
    assert browser_host(location) == HOST


# --- 2. The API says what it did not understand -------------------------------------------------

def api(*scopes: str) -> dict:
    return {"Authorization": f"Bearer {create_api_token('CRM', list(scopes), None).secret}"}


@pytest.fixture
def lead_world():
    """An SLA in force, a rep and a lead of theirs, the clock a day after the hand-off."""
    marketer = make_user("marketing", "head")
    sla_in_force(marketer, make_user("sales", "head"))
    rep = make_user("sales", "member", email="rep@example.test")
    lead = make_lead(marketer, assigned_to=rep)
    clock.freeze(NOW)
    return {"marketer": marketer, "rep": rep, "lead": lead}


def test_a_misspelt_field_is_refused_by_name_with_the_closest_known_one(client, lead_world):
    response = client.post("/api/v1/leads", headers=api("leads:write"), json={
        "company": "Globex", "last_engagement_at": "2026-03-01T10:00:00+00:00", "zzzz": 1})
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"index": 0, "field": "last_engagement_at",
         "message": "unknown field; did you mean last_engaged_at?"},
        {"index": 0, "field": "zzzz", "message": "unknown field"}]
    assert db.session.scalar(select(func.count()).select_from(Lead)) == 1  # only the world's


def test_unknown_fields_are_refused_by_every_endpoint_that_reads_json(client, lead_world):
    lead, write = lead_world["lead"], api("leads:write", "leads:read")
    etag = client.get(f"/api/v1/leads/{lead.id}", headers=write).headers["ETag"]
    answers = [
        client.post("/api/v1/leads", headers=write,
                    json={"leads": [{"company": "X"}], "dry_run": True}),
        client.post("/api/v1/leads", headers=write,
                    json={"leads": [{"company": "X", "budget": 1}]}),
        client.post(f"/api/v1/leads/{lead.id}/attempts", headers=write,
                    json={"channel": "call", "outcome": "connected", "notes": "typo"}),
        client.patch(f"/api/v1/leads/{lead.id}", headers={**write, "If-Match": etag},
                     json={"status": "lost", "lost_reasons": "typo"})]
    assert [a.status_code for a in answers] == [422] * 4
    assert [a.json["errors"][0]["field"] for a in answers] == [
        "dry_run", "budget", "notes", "lost_reasons"]
    assert answers[2].json["errors"][0]["message"] == "unknown field; did you mean note?"


FIELD_NAME = st.text(min_size=1, max_size=30).filter(lambda name: name not in LEAD_INPUT)


@given(st.dictionaries(FIELD_NAME, st.integers(), min_size=1, max_size=4))
def test_every_generated_unknown_field_is_named_back(unknown):
    _fields, problems = parse_lead({"company": "Globex", **unknown})
    named = {p["field"] for p in problems if p["message"].startswith("unknown field")}
    assert named == set(unknown)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=12)
SHAPES = st.one_of(JSON, st.lists(JSON, max_size=3).map(lambda items: {"leads": items}),
                   st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth))


@settings(max_examples=40)
@given(body=SHAPES)
def test_json_of_any_shape_answers_4xx_at_every_endpoint_never_5xx(client, lead_world, body):
    lead, write = lead_world["lead"], api("leads:write")
    sent = {"data": body, "content_type": "application/json"} if isinstance(body, str) \
        and body.startswith("[") else {"json": body}
    for method, url, headers in (
            ("post", "/api/v1/leads", write),
            ("post", f"/api/v1/leads/{lead.id}/attempts", write),
            ("patch", f"/api/v1/leads/{lead.id}", {**write, "If-Match": f'"lead-{lead.id}-1"'})):
        response = getattr(client, method)(url, headers=headers, **sent)
        assert response.status_code < 500, (url, response.json)
        if response.status_code >= 400:
            assert response.json["errors"] and all("message" in e for e in response.json["errors"])


def test_nesting_a_thousand_deep_is_refused_clearly(client, lead_world):
    response = client.post("/api/v1/leads", headers=api("leads:write"),
                           data="[" * 1000 + "]" * 1000, content_type="application/json")
    assert response.status_code == 422
    assert "nested" in response.json["errors"][0]["message"]


def test_the_api_accepts_no_more_than_the_forms_do(client, lead_world):
    lead, write = lead_world["lead"], api("leads:write")
    note = client.post(f"/api/v1/leads/{lead.id}/attempts", headers=write, json={
        "channel": "call", "outcome": "connected", "note": "x" * 2001})
    nul = client.post("/api/v1/leads", headers=write, json={"company": "Glo\x00bex"})
    future = client.post("/api/v1/leads", headers=write, json={
        "company": "Globex", "handed_over_at": "2099-01-01T00:00:00+00:00"})
    assert [r.status_code for r in (note, nul, future)] == [422, 422, 422]
    assert note.json["errors"] == [{"field": "note", "message": "At most 2000 characters."}]
    assert nul.json["errors"][0]["field"] == "company"
    assert future.json["errors"][0] == {
        "index": 0, "field": "handed_over_at", "message": "A date from 2000-01-01 to 2026-03-04."}


def test_a_lost_reason_longer_than_the_forms_is_refused(client, lead_world):
    lead, write = lead_world["lead"], api("leads:write", "leads:read")
    services.log_attempt(lead, lead_world["rep"], "call", "connected")
    services.rate(lead, lead_world["rep"], 4, "accepted", "fits")
    etag = client.get(f"/api/v1/leads/{lead.id}", headers=write).headers["ETag"]
    response = client.patch(f"/api/v1/leads/{lead.id}", headers={**write, "If-Match": etag},
                            json={"status": "lost", "lost_reason": "x" * 5000})
    assert response.status_code == 422
    assert response.json["errors"] == [{"field": "lost_reason",
                                        "message": "At most 500 characters."}]


# --- 3. Numbers and dates at the edges ----------------------------------------------------------

EDGE_NUMBERS = ["1" + "0" * 20, "1e30", "Infinity", "-Infinity", "NaN", "sNaN", "-1",
                "1e999999", "20000000.01", "0.001"]
EDGE_DATES = ["0001-01-01", "9999-12-31", "1999-12-31", "2099-01-01"]


@pytest.mark.parametrize("field,value", [
    *[("employees", value) for value in EDGE_NUMBERS],
    *[("marketing_budget_monthly", value) for value in EDGE_NUMBERS],
    *[("last_engaged_on", value) for value in EDGE_DATES]])
def test_the_hand_off_form_refuses_edge_values_and_stores_nothing(app, client, lead_world,
                                                                  field, value):
    client.sign_in(lead_world["marketer"])
    response = client.post_form("/leads/new", {"company": "Edge", "source": "web", field: value})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Lead)) == 1


def test_a_last_engagement_in_year_one_is_refused_with_the_range(client, lead_world):
    client.sign_in(lead_world["marketer"])
    response = client.post_form("/leads/new", {"company": "Edge", "source": "web",
                                               "last_engaged_on": "0001-01-01"})
    assert response.status_code == 422
    assert "A date from 2000-01-01 to 2026-03-04." in response.get_data(as_text=True)


def test_a_duplicate_crm_id_through_the_form_is_refused_not_a_server_error(client, lead_world):
    client.sign_in(lead_world["marketer"])
    data = {"company": "Twice", "source": "web", "external_id": "crm-7"}
    assert client.post_form("/leads/new", data).status_code == 303
    again = client.post_form("/leads/new", data)
    assert again.status_code == 422 and "CRM id exists already" in again.get_data(as_text=True)


@pytest.mark.parametrize("field,value", [
    ("employees", 10**20), ("employees", -1), ("marketing_budget_monthly", 1e30),
    ("marketing_budget_monthly", "Infinity"), ("marketing_budget_monthly", "sNaN"),
    ("marketing_budget_monthly", 0.001), ("marketing_budget_monthly", "12.345"),
    ("last_engaged_at", "0001-01-01T00:00:00+05:00"),
    ("last_engaged_at", "9999-12-31T23:59:59-05:00"), ("handed_over_at", "1999-12-31T00:00Z")])
def test_the_api_refuses_edge_values_by_field(client, lead_world, field, value):
    response = client.post("/api/v1/leads", headers=api("leads:write"),
                           json={"company": "Edge", field: value})
    assert response.status_code == 422
    assert [e["field"] for e in response.json["errors"]] == [field]


def test_the_api_answers_404_and_422_for_ids_and_pages_past_64_bits(client, lead_world):
    read = api("leads:read")
    assert client.get("/api/v1/leads/99999999999999999999", headers=read).status_code == 404
    assert client.get("/api/v1/leads?page=99999999999999999999", headers=read).status_code == 422
    assert client.get("/api/v1/leads?handed_over_from=0001-01-01T00:00:00%2B05:00",
                      headers=read).status_code == 422


CSV_HEADINGS = ["company", "employees", "marketing_budget_monthly", "last_engaged_at",
                "handed_over_at"]
COLUMNS = Columns({name: index for index, name in enumerate(CSV_HEADINGS)}, "dmy", 1)
OFFSETS = st.builds(timezone, st.timedeltas(min_value=-timedelta(hours=23, minutes=59),
                                            max_value=timedelta(hours=23, minutes=59)))
MOMENTS = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31),
                       timezones=OFFSETS)
DATE_TEXT = st.one_of(MOMENTS.map(datetime.isoformat), st.dates().map(date.isoformat),
                      st.dates(date(2000, 1, 1), NOW.date()).map(date.isoformat),
                      st.sampled_from(["0001-01-01", "9999-12-31", "0001-01-01T00:00:00+05:00",
                                       "9999-12-31T23:59:59-05:00", "31/12/9999", "29/02/2026",
                                       ""]),
                      st.text(max_size=12))
NUMBER_TEXT = st.one_of(st.integers(-10**25, 10**25).map(str), st.integers(0, 10**7).map(str),
                        st.decimals(allow_nan=True, allow_infinity=True).map(str),
                        st.floats().map(str),
                        st.sampled_from([*EDGE_NUMBERS, "1.234,50", "30.000", "0x10", "1_000",
                                         " ", "€ 12"]),
                        st.text(max_size=8))
TEXT = st.one_of(st.text(max_size=60), st.text(min_size=190, max_size=260),
                 st.sampled_from(["Globex", "webinar", " Ana Ruiz ", "Ñandú S.A."]))


@settings(max_examples=40)
@given(row=st.tuples(TEXT.filter(str.strip), NUMBER_TEXT, NUMBER_TEXT, DATE_TEXT, DATE_TEXT))
def test_any_generated_csv_row_is_refused_by_field_or_stored_and_shown(app, client, lead_world,
                                                                         row):
    fields, problems = parse_row(list(row), COLUMNS, "Europe/Madrid", {})
    assert all(field in CSV_HEADINGS for field, _message in problems)
    event("CSV row refused" if problems else "CSV row stored")
    if not problems:
        assert refusals(fields) == []
        lead = services.hand_over(lead_world["marketer"], fields,
                                  handed_over_at=fields["handed_over_at"])
        _shows(client, lead_world["marketer"], lead.id)


API_VALUE = st.one_of(st.none(), st.booleans(), st.integers(-10**22, 10**22),
                      st.floats(), NUMBER_TEXT, DATE_TEXT, TEXT)


# Values in range too, so that accepted leads are drawn often enough to be shown.
PAST = st.datetimes(datetime(2000, 1, 2), NOW.replace(tzinfo=None), timezones=OFFSETS)


@settings(max_examples=40)
@given(values=st.fixed_dictionaries({"company": TEXT}, optional={
    "employees": st.integers(0, 10**7) | API_VALUE,
    "marketing_budget_monthly": st.decimals(0, 10**7, places=2).map(str) | API_VALUE,
    "last_engaged_at": PAST.map(datetime.isoformat) | API_VALUE,
    "handed_over_at": PAST.map(datetime.isoformat) | API_VALUE, "industry": TEXT | API_VALUE,
    "email": TEXT}))
def test_any_generated_api_lead_is_refused_by_field_or_stored_and_shown(client, lead_world,
                                                                          values):
    response = client.post("/api/v1/leads", headers=api("leads:write"), json=values)
    assert response.status_code in (200, 201, 422), response.json
    event(f"API answered {response.status_code}")
    if response.status_code == 422:
        assert all(e["field"] in values or e["field"] == "company"
                   for e in response.json["errors"])
    else:
        _shows(client, lead_world["marketer"], response.json["leads"][0]["id"])


@settings(max_examples=40)
@given(values=st.fixed_dictionaries({"company": TEXT, "source": TEXT}, optional={
    "employees": NUMBER_TEXT, "marketing_budget_monthly": NUMBER_TEXT,
    "last_engaged_on": DATE_TEXT, "contact_name": TEXT, "phone": TEXT}))
def test_any_generated_hand_off_form_is_refused_or_stored_and_shown(client, lead_world, values):
    _signed_in_as(client, lead_world["marketer"])
    response = client.post_form("/leads/new", values)
    assert response.status_code in (303, 422)
    event(f"form answered {response.status_code}")
    if response.status_code == 303:
        page = client.get(response.headers["Location"])
        assert page.status_code == 200


def _signed_in_as(client, user) -> None:
    if getattr(client, "user", None) is not user:
        client.sign_in(user)


def _shows(client, user, lead_id: int) -> None:
    """The lead's page renders, and so does its JSON: an accepted value is a showable one."""
    _signed_in_as(client, user)
    assert client.get(f"/leads/{lead_id}").status_code == 200
    assert client.get(f"/api/v1/leads/{lead_id}", headers=api("leads:read")).status_code == 200


def test_times_at_the_ends_of_the_calendar_are_refused_by_the_one_check():
    clock.freeze(NOW)
    for moment in (datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC),
                   NOW + timedelta(days=2)):
        assert [r.field for r in refusals({"last_engaged_at": moment})] == ["last_engaged_at"]
    assert refusals({"last_engaged_at": NOW + timedelta(hours=20)}) == []


def test_ids_beyond_64_bits_are_not_found_and_pages_beyond_the_last_are_the_last(app):
    """Every route with a number in its path, asked with one no BIGINT holds: 404, not an
    overflow; and every paged list asked for an absurd page answers a page."""
    from tests.factories import make_admin

    client = app.test_client()
    client.sign_in(make_admin())
    huge = "99999999999999999999"
    numbered = [rule for rule in app.url_map.iter_rules()
                if "GET" in rule.methods and "<int:" in rule.rule]
    assert len(numbered) > 10
    for rule in numbered:
        path = re.sub(r"<int:\w+>", huge, rule.rule)
        path = re.sub(r"<[^>]+>", "x", path)
        assert client.get(path).status_code in (302, 303, 401, 403, 404), path
    for path in ("/leads/", "/leads/?view=all", "/glossary/", "/goals/", "/meetings/",
                 "/meetings/actions"):
        response = client.get(f"{path}{'&' if '?' in path else '?'}page={huge}")
        assert response.status_code == 200, path


def test_a_lead_is_assigned_only_to_a_rep_on_the_list(app):
    from tests.factories import make_user

    marketer, colleague = make_user("marketing", "member"), make_user("marketing", "member")
    client = app.test_client()
    client.sign_in(marketer)
    form = {"company": "Globex", "contact_name": "Ana", "email": "ana@globex.test",
            "source": "webinar"}
    admin, head = make_user(None, None, is_admin=True), make_user("sales", "head")
    waiting = make_user("sales", "member", joined=False)  # invited, not joined yet
    for assigned in ("abc", str(colleague.id), "99999999999999999999", str(admin.id),
                     str(head.id), str(waiting.id)):
        response = client.post_form("/leads/new", {**form, "assigned_to": assigned})
        assert response.status_code == 422, assigned
    from workspace.leads.services import LeadRefused, hand_over

    with pytest.raises(LeadRefused):  # the service refuses too, whatever path calls it
        hand_over(marketer, {**form, "employees": 200}, assigned_to=head)


def test_a_reply_to_a_comment_that_cannot_exist_is_refused_not_a_crash(app):
    from tests.factories import make_user
    from tests.glossary_builders import make_term

    author = make_user("marketing", "member")
    term = make_term(author, "Pipeline", "Open deals.")
    client = app.test_client()
    client.sign_in(author)
    for parent in ("abc", "-1", "99999999999999999999", "1e3"):
        response = client.post_form(f"/comments/term/{term.id}",
                                    {"body": "A reply", "parent_id": parent})
        assert response.status_code == 422, parent


def test_an_error_page_that_fails_itself_still_answers_a_clean_page(tmp_path, monkeypatch):
    """A crash after the database refused a statement, then an error page whose own rendering
    fails: the first gets the full error page (its transaction rolled back), the second a
    bare one, and neither the default server text nor a traceback."""
    from sqlalchemy import text

    from tests.conftest import WorkspaceClient
    from workspace import create_app, errors
    from workspace.config import config_for_tests
    from workspace.extensions import db

    app = create_app({**config_for_tests(f"sqlite:///{tmp_path}/errors.db"),
                      "TESTING": False, "PROPAGATE_EXCEPTIONS": False})
    app.test_client_class = WorkspaceClient

    @app.get("/boom")
    def boom():
        try:
            db.session.execute(text("SELECT * FROM no_such_table"))
        except Exception:
            pass  # the session's transaction may now be unusable; the error page copes
        raise RuntimeError("boom")

    with app.app_context():
        db.create_all()
    client = app.test_client()
    page = client.get("/boom")
    body = page.get_data(as_text=True)
    assert page.status_code == 500 and "Something went wrong on our side" in body
    assert "Traceback" not in body and "<html" in body
    monkeypatch.setattr(errors, "render_template", lambda *a, **k: 1 / 0)
    bare = client.get("/boom")
    text_ = bare.get_data(as_text=True)
    assert bare.status_code == 500 and "Something went wrong on our side" in text_
    assert "Internal Server Error" not in text_ and 'lang="es"' in text_


def test_signed_in_pages_are_not_stored_and_csv_says_its_charset_once(app):
    from tests.factories import make_user

    client = app.test_client()
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    client.sign_in(make_user("marketing", "head"))
    for path in ("/", "/glossary/", "/metrics/", "/meetings/"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    for path in ("/metrics/reps.csv", "/glossary/export.csv"):
        response = client.get(path)
        assert response.headers["Content-Type"].count("charset") == 1, path
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_api_answers_to_a_token_are_not_stored_either(client):
    token = create_api_token("Dashboards", ["sla:read", "leads:read"], None).secret
    for path in ("/api/v1/token", "/api/v1/leads/1", "/api/v1/sla/active"):
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.headers["Cache-Control"] == "no-store", path
    assert "no-store" not in client.get("/api/v1/openapi.json").headers.get("Cache-Control", "")


def test_numbers_in_query_strings_and_posted_ids_beyond_64_bits_never_reach_sql(app):
    from tests.factories import make_admin

    client = app.test_client()
    client.sign_in(make_admin())
    huge = "99999999999999999999999"
    for path in (f"/leads/?view=all&rep_id={huge}", f"/metrics/?rep_id={huge}",
                 f"/goals/?owner={huge}", f"/goals/new?from={huge}",
                 f"/meetings/?person={huge}", f"/meetings/actions?person={huge}",
                 f"/sla/1/compare?with={huge}", f"/glossary/mql/history?a={huge}&b=-1"):
        assert client.get(path).status_code < 500, path
    for path, field in (("/notifications/read", "id"), ("/leads/1/assign", "rep_id")):
        assert client.post_form(path, {field: huge}).status_code < 500, path


def test_the_head_of_sales_is_not_assigned_leads_by_the_api_reassignment_or_import(app):
    from workspace.leads.import_rows import sales_people
    from workspace.leads.services import LeadRefused, reassign

    marketer, head = make_user("marketing", "member"), make_user("sales", "head")
    rep = make_user("sales", "member")
    token = create_api_token("CRM", ["leads:write"], None).secret
    client = app.test_client()
    created = client.post("/api/v1/leads", headers={"Authorization": f"Bearer {token}"},
                          json={"company": "Globex", "source": "webinar",
                                "assigned_to": head.email})
    assert created.status_code == 422 and created.json["errors"][0]["field"] == "assigned_to"
    lead = make_lead(marketer, assigned_to=rep)
    with pytest.raises(LeadRefused):
        reassign(lead, head, head)
    assert head not in sales_people() and rep in sales_people()


def test_checking_an_import_without_javascript_lands_on_its_page(app):
    """The <noscript> 'check the next rows' form posts plainly: the answer is the import's
    page as it now stands, never a fragment or a crash."""
    marketer = make_user("marketing", "member")
    client = app.test_client()
    client.sign_in(marketer)
    started = client.post_form("/leads/imports/new", {"file": (io.BytesIO(
        b"company,email,source\nGlobex,ana@globex.test,webinar\n"), "leads.csv")},
        content_type="multipart/form-data")
    assert started.status_code == 303
    page = started.headers["Location"]
    import_id = int(page.rstrip("/").split("/")[-1])
    client.post_form(f"/leads/imports/{import_id}/mapping", {})
    for _ in range(5):
        stepped = client.post_form(f"/leads/imports/{import_id}/step")
        assert stepped.status_code == 303 and stepped.headers["Location"].endswith(page)
        assert client.get(page).status_code == 200


def test_a_credit_reason_too_long_or_with_nul_changes_nothing_and_comments_refuse_nul(app):
    from workspace.comments.models import Comment
    from workspace.leads.models import Lead
    from workspace.leads.services import close, log_attempt, rate

    marketer, head = make_user("marketing", "head"), make_user("sales", "head")
    rep = make_user("sales", "member")
    lead = make_lead(marketer, assigned_to=rep)
    log_attempt(lead, rep, "call", "connected")
    rate(lead, rep, 4, "accepted", "fits")
    close(lead, rep, True, 5_000_00, "marketing")
    client = app.test_client()
    client.sign_in(head)
    before = db.session.scalar(select(func.count()).select_from(Comment))
    for reason in ("x" * 200_000, "a\x00b", "x" * 501):
        answer = client.post_form(f"/leads/{lead.id}/credit", {"attribution": "both",
                                                               "reason": reason})
        assert answer.status_code == 422, len(reason)
    db.session.expire_all()
    assert db.session.get(Lead, lead.id).attribution == "marketing"
    assert db.session.scalar(select(func.count()).select_from(Comment)) == before
    assert client.post_form(f"/comments/lead/{lead.id}", {"body": "a\x00b"}).status_code == 422
    client.post_form(f"/leads/{lead.id}/credit", {"attribution": "both", "reason": "Joint"})
    comment = db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()
    assert comment.body == "Credit changed from marketing to both teams: Joint"


def test_sign_in_takes_an_email_with_autofills_trailing_space_and_limits_add_no_headers(app):
    user = make_user()
    client = app.test_client()
    answer = client.post_form("/login", {"email": f"  {user.email.upper()} ", "password": PASSWORD})
    assert answer.status_code == 303
    wrong = app.test_client().post_form("/login", {"email": user.email, "password": "no"})
    assert wrong.status_code == 422 and "Retry-After" not in wrong.headers


def test_a_rating_reason_of_a_rule_the_lead_no_longer_lists_still_reads_in_words(app):
    from workspace.leads.views import rating_reason

    lead = make_lead(make_user("marketing", "member"))
    with app.test_request_context():
        assert rating_reason("rule:7", lead) == "Does not actually meet an MQL rule"
        assert rating_reason("wrong_contact", lead) == "Wrong contact"


def test_a_range_refusal_shows_its_numbers_in_the_readers_format(app):
    client = app.test_client()
    client.sign_in(make_user("marketing", "member", locale="es"))
    refused = client.post_form("/leads/new", {"company": "Globex", "source": "webinar",
                                              "employees": "100000000000000000000"})
    assert refused.status_code == 422
    assert "Un número de 0 a 10.000.000." in refused.get_data(as_text=True)


def test_a_body_that_is_not_json_is_called_so(app):
    token = create_api_token("CRM", ["leads:write"], None).secret
    answer = app.test_client().post("/api/v1/leads", data='{"company":',
                                    headers={"Authorization": f"Bearer {token}",
                                             "Content-Type": "application/json"})
    assert answer.status_code == 422 and "not JSON" in answer.json["errors"][0]["message"]
