"""Two app processes on one database: saves, presence and sign-in throttling stay consistent.

Nothing here may live in one process's memory (DESIGN.md, Architecture), so each client talks
to its own gunicorn process and the only thing the two share is the database.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.factories import PASSWORD, make_user
from tests.support.notes import create_note


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_processes(app, project_root, tmp_path):
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": "shared-secret", "PYTHONPATH": str(project_root)}
    servers, urls = [], []
    for index in range(2):
        port = free_port()
        with (tmp_path / f"gunicorn{index}.log").open("w") as log:
            servers.append(subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
                 "tests.support.wsgi_notes:app"], cwd=project_root, env=env,
                stdout=log, stderr=subprocess.STDOUT))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for index, url in enumerate(urls):
            wait_until_up(url, tmp_path / f"gunicorn{index}.log")
        yield urls
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def wait_until_up(url: str, log) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not start:\n{log.read_text()}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person's browser pinned to one app process."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        _, page = self.request("/__csrf__")  # any page, even a 404, carries the token
        token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
        return self.request(path, {"csrf_token": token, **data})

    def sign_in(self, email: str, password: str = PASSWORD) -> int:
        return self.post("/login", {"email": email, "password": password})[0]


def test_simultaneous_saves_through_two_processes_one_wins(two_processes):
    ana, bo = make_user(name="Ana"), make_user(name="Bo")
    note_id = create_note(ana, "MQL", "body").id
    first, second = Browser(two_processes[0]), Browser(two_processes[1])
    assert first.sign_in(ana.email) == 303 and second.sign_in(bo.email) == 303
    results = {}

    def save(name, browser, title):
        results[name] = browser.post(f"/notes/{note_id}/edit", {
            "base_revision": 1, "title": title, "body": "body", "tags": ""})[0]

    threads = [threading.Thread(target=save, args=("ana", first, "Ana's title")),
               threading.Thread(target=save, args=("bo", second, "Bo's title"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [303, 409]


def test_presence_and_sign_in_throttling_are_shared_between_processes(app, two_processes):
    ana, bo = make_user(name="Ana"), make_user(name="Bo")
    note = create_note(ana, "MQL")
    first, second = Browser(two_processes[0]), Browser(two_processes[1])
    first.sign_in(ana.email)
    second.sign_in(bo.email)
    first.post(f"/presence/note/{note.id}", {"editing": "1", "revision": "1"})
    status, notice = second.post(f"/presence/note/{note.id}", {"revision": "1"})
    assert status == 200 and "Ana is editing since" in notice

    victim = make_user(email="victim@example.test")
    for attempt in range(app.config["SIGN_IN_FREE_FAILURES"]):
        Browser(two_processes[attempt % 2]).sign_in(victim.email, "wrong password")
    assert Browser(two_processes[0]).sign_in(victim.email) == 429
