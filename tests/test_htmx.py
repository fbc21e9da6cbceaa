"""Page or fragment, decided once; errors on htmx requests go to the flash region; a workflow
panel answers every action the same way, with htmx and without."""

import pytest
from flask import get_flashed_messages, request
from jinja2 import ChoiceLoader, DictLoader
from wtforms import Form, StringField

from tests.conftest import HTMX
from workspace.panels import Panel


def test_full_page_for_plain_and_boosted_requests_fragment_for_partial(marketer_client):
    plain = marketer_client.get("/settings")
    boosted = marketer_client.get("/settings", headers={"HX-Request": "true",
                                                        "HX-Request-Type": "full"})
    assert "<html" in plain.get_data(as_text=True)
    assert "<html" in boosted.get_data(as_text=True)


def test_errors_on_htmx_requests_are_a_small_message_retargeted_to_flash(marketer_client):
    response = marketer_client.get("/admin/people", headers=HTMX)
    body = response.get_data(as_text=True)
    assert response.status_code == 403
    assert response.headers["HX-Retarget"] == "#flash"
    assert response.headers["HX-Reswap"] == "innerHTML"
    assert "<html" not in body and "permission" in body


def test_not_found_page_is_a_whole_page_for_browsers(marketer_client):
    response = marketer_client.get("/nothing-here")
    assert response.status_code == 404 and "<html" in response.get_data(as_text=True)


def test_csrf_failure_while_signed_in_on_htmx_is_a_flash_message(marketer_client):
    response = marketer_client.post("/settings/password", data={"csrf_token": "forged"},
                                    headers=HTMX)
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#flash"


class Refused(Exception):
    pass


class ThingForm(Form):  # a plain WTForms form: the mechanism is under test, not CSRF
    name = StringField("Name")


THING_TEMPLATES = {
    "things/show.html": "<html><body>{% include 'things/_panel.html' %}</body></html>",
    "things/_panel.html": '<section id="thing">{{ error or "" }}{{ done or "" }}'
                          ' state={{ state }} {{ form.name() }}</section>',
}


@pytest.fixture
def things(app, monkeypatch):
    """A panel of a made-up area, its two templates held in memory for this test only."""
    loader = ChoiceLoader([DictLoader(THING_TEMPLATES), app.jinja_env.loader])
    monkeypatch.setattr(app.jinja_env, "loader", loader)
    state = {"now": "fresh"}
    panel = Panel("things/show.html", "things/_panel.html", "/things/1",
                  lambda: {"state": state["now"], "form": ThingForm(formdata=None)}, Refused)

    def post(call, htmx=True):
        with app.test_request_context("/things/1/do", method="POST", data={"name": "typed"},
                                      headers=HTMX if htmx else {}):
            response = call(panel, state)
            return response, get_flashed_messages(with_categories=True)

    return post


def _done(panel, state):
    def verb():
        state["now"] = "changed"
    return panel.act(verb, "thing-changed", "Changed.", form=ThingForm(request.form))


def _refused(panel, state):
    def verb():
        raise Refused("Not now.")
    return panel.act(verb, "thing-changed", "Changed.", form=ThingForm(request.form))


def test_a_panel_answers_htmx_success_with_itself_its_event_and_the_outcome(things):
    response, flashed = things(_done)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert body.startswith('<section id="thing">Changed. state=changed')  # read after the verb
    assert response.headers["HX-Trigger"] == "thing-changed"
    assert response.headers["Vary"] == "HX-Request, HX-Request-Type"
    assert flashed == []


def test_a_panel_answers_plain_success_with_a_303_to_the_page_and_the_outcome_flashed(things):
    response, flashed = things(_done, htmx=False)
    assert response.status_code == 303 and response.headers["Location"] == "/things/1"
    assert flashed == [("success", "Changed.")]
    elsewhere, _ = things(lambda panel, state: panel.answer("thing-changed", "Changed.",
                                                            location="/things/2"), htmx=False)
    assert elsewhere.headers["Location"] == "/things/2"


def test_a_refusal_is_422_with_the_reason_and_what_was_typed_for_htmx_and_plain(things):
    response, _ = things(_refused)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in body and "Not now." in body
    assert 'value="typed"' in body and "state=fresh" in body and "HX-Trigger" not in \
        response.headers
    page, flashed = things(_refused, htmx=False)
    body = page.get_data(as_text=True)
    assert page.status_code == 422 and "<html" in body and "Not now." in body
    assert 'value="typed"' in body and flashed == []


def test_an_invalid_form_is_422_with_the_form_kept_and_a_pointer_to_its_fields(things):
    for htmx in (True, False):
        response, _ = things(lambda panel, state: panel.refuse(form=ThingForm(request.form)),
                             htmx=htmx)
        body = response.get_data(as_text=True)
        assert response.status_code == 422 and "Check the marked fields below." in body
        assert 'value="typed"' in body and ("<html" in body) is not htmx
