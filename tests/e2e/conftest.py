"""Browser tests: Debian's Chromium driven by Playwright against a live server (SQLite only)."""

import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_server(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.fail("browser tests run on SQLite; deselect them with -m 'not browser'")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture
def csp_violations(page):
    """Console messages about the Content-Security-Policy: there must be none."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text)
            if "Content Security Policy" in message.text else None)
    return messages


@pytest.fixture
def signed_in(browser, base_url: str):
    """signed_in(person) -> a page signed in as them, in a browser context of its own; the
    contexts close before the tables are emptied (a page still polling would hold the database)."""
    from tests.e2e.pages import SignInPage
    from tests.factories import PASSWORD

    contexts = []

    def sign_in(person, **options):
        contexts.append(browser.new_context(base_url=base_url, **options))
        page = contexts[-1].new_page()
        SignInPage(page).open().sign_in(person.email, PASSWORD)
        return page

    yield sign_in
    for context in contexts:
        context.close()
