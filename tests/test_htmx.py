"""Page or fragment, decided once; errors on htmx requests go to the flash region."""

from tests.conftest import HTMX


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
