"""Several app hosts, one PostgreSQL, one Redis: the processes an operator runs, and a load run.

A `Cluster` starts a throwaway PostgreSQL 15, a Debian `redis-server` and two gunicorn app
servers on their own ports, prepared with the README's commands (`flask db upgrade`,
`flask seed-demo`, `flask create-api-token`). `load_run` sends sign-ins, glossary and goal saves,
lead hand-offs, attempts and ratings through both servers, SIGKILLs one mid-run and starts it
again, and returns a `Ledger` of what was acknowledged; `tests/test_multihost.py` then reads the
database. Clients talk to the servers with the stdlib only, each from its own address
(`X-Forwarded-For`, as a reverse proxy would send it; the servers run with PROXY_FIX_HOPS=1).

    .venv/bin/python -m bench.multihost      # the load run alone, printing its ledger
"""

import http.cookiejar
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PGBIN = Path("/usr/lib/postgresql/15/bin")
PASSWORD = "demo-password"
HEAD_OF_SALES, HEAD_OF_MARKETING = "david.okafor@demo.test", "lucia.fernandez@demo.test"
TERM_EDITORS = ("marta.gil@demo.test", "carlos.ruiz@demo.test")
GOAL_EDITORS = {"marketing": ("tom.becker@demo.test", "ines.navarro@demo.test"),  # owner team's
                "sales": ("sarah.mitchell@demo.test", "javier.moreno@demo.test")}
SIGNERS = ("ines.navarro@demo.test", "javier.moreno@demo.test", "emily.chen@demo.test")
CONNECTION_LOST = 0  # the status a ledger records when no HTTP answer came back


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*command: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else list(command)


class Postgres:
    """scripts/with-postgres.sh's throwaway server, which the harness can also stop and start."""

    def __init__(self, root: Path):
        self.dir, self.port = root / "pg", free_port()
        self.dir.mkdir()
        if os.getuid() == 0:
            shutil.chown(self.dir, "postgres")
        subprocess.run(_as_postgres(str(PGBIN / "initdb"), "-D", str(self.dir / "data"), "-A",
                                    "trust", "-U", "postgres", "--no-sync"),
                       check=True, stdout=subprocess.DEVNULL)
        self.start()
        subprocess.run(_as_postgres(str(PGBIN / "createdb"), "-h", "127.0.0.1", "-p",
                                    str(self.port), "-U", "postgres", "alinea"), check=True)
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/alinea"

    def start(self) -> None:
        subprocess.run(_as_postgres(
            str(PGBIN / "pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "log"),
            "-w", "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                        "-c fsync=off", "start"), check=True, stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        """As a crash would: no checkpoint, every connection cut."""
        subprocess.run(_as_postgres(str(PGBIN / "pg_ctl"), "-D", str(self.dir / "data"), "-m",
                                    "immediate", "stop"), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


class Redis:
    def __init__(self, root: Path):
        self.port = free_port()
        self.log = (root / "redis.log").open("w")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(root)], stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        wait_for(lambda: socket.create_connection(("127.0.0.1", self.port), timeout=1).close())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


class AppServer:
    """One host: gunicorn with two threaded workers, as the README deploys it."""

    def __init__(self, root: Path, index: int, env: dict):
        self.port, self.env = free_port(), env
        self.url, self.log_path = f"http://127.0.0.1:{self.port}", root / f"app{index}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "-w", "2", "-k", "gthread", "--threads", "4",
                 "-b", f"127.0.0.1:{self.port}", "wsgi:app"], cwd=ROOT, env=self.env,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(lambda: urllib.request.urlopen(self.url + "/healthz", timeout=2).close(), 30,
                 lambda: self.log_path.read_text())

    def kill(self) -> None:
        """SIGKILL to the master and its workers at once: the host is gone."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)


def wait_for(probe, seconds: float = 15, describe=lambda: "") -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            probe()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"not up after {seconds} s\n{describe()}") from None
            time.sleep(0.2)


class Cluster:
    """PostgreSQL, Redis and two app hosts, prepared and running; `close()` removes it all."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="alinea-multihost."))
        if os.getuid() == 0:
            os.chmod(self.root, 0o755)
        self.postgres = self.redis = None
        self.apps: list[AppServer] = []
        try:
            self.postgres, self.redis = Postgres(self.root), Redis(self.root)
            self.env = {**os.environ, "ALINEA_ENV": "production",
                        "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": self.postgres.url,
                        "RATELIMIT_STORAGE_URI": self.redis.url, "PROXY_FIX_HOPS": "1",
                        "API_RATE_PER_MINUTE": "100000", "FLASK_APP": "wsgi"}
            self.flask("db", "upgrade")
            self.flask("seed-demo", "--password", PASSWORD)
            self.token = self.flask("create-api-token", "--name", "CRM sync", "--scopes",
                                    "leads:write leads:read").split()[-1]
            self.apps = [AppServer(self.root, index, self.env) for index in range(2)]
            for app in self.apps:
                app.start()
        except BaseException:
            self.close()
            raise

    def flask(self, *args: str) -> str:
        done = subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True)
        if done.returncode:
            raise AssertionError(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def sql(self, query: str, *params) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.postgres.url.replace("+psycopg", "")) as connection:
            return connection.execute(query, params or None).fetchall()

    def close(self) -> None:
        for app in self.apps:
            app.stop()
        if self.redis:
            self.redis.stop()
        if self.postgres:
            self.postgres.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Answer:
    def __init__(self, status: int, body: str = "", headers=None):
        self.status, self.body, self.headers = status, body, headers or {}


class Browser:
    """A person's browser (cookies, CSRF token) coming from one address through the proxy."""

    _addresses = itertools.count(1)

    def __init__(self, address: str | None = None):
        number = next(self._addresses)
        self.address = address or f"10.77.{number // 250}.{number % 250 + 1}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
        self.token: str | None = None

    def request(self, url: str, data=None, headers: dict | None = None,
                method: str | None = None) -> Answer:
        body = data if isinstance(data, bytes) or data is None else \
            urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(url, data=body, method=method, headers={
            "X-Forwarded-For": self.address, **(headers or {})})
        try:
            with self.opener.open(request, timeout=15) as response:
                return Answer(response.status, response.read().decode(), response.headers)
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode(), error.headers)
        except (OSError, http.client.HTTPException):  # refused, reset, cut mid-answer
            return Answer(CONNECTION_LOST)

    def post(self, host: str, path: str, data: dict | list) -> Answer:
        if self.token is None:
            page = self.request(host + "/__csrf__")  # any page carries the token
            found = re.search(r'"X-CSRFToken": "([^"]+)"', page.body)
            if not found:
                return page
            self.token = found.group(1)
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        answer = self.request(host + path, [("csrf_token", self.token), *fields])
        if answer.status == 400:
            self.token = None  # the session changed under the token: fetch it again
        return answer

    def sign_in(self, host: str, email: str, password: str = PASSWORD) -> Answer:
        answer = self.post(host, "/login", {"email": email, "password": password})
        self.token = None  # signing in starts a new session and its own token
        return answer


def api(host: str, token: str, path: str, body: dict, address: str = "10.66.0.1") -> Answer:
    return Browser(address).request(host + path, json.dumps(body).encode(), {
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})


class EditForm(HTMLParser):
    """The fields of the form on a page that carries `base_revision`, as a browser sends them."""

    def __init__(self, page: str):
        super().__init__()
        self.forms: list[list] = []
        self._text: list | None = None
        self._select: list | None = None
        self.feed(page)
        self.fields = next((form for form in self.forms
                            if any(name == "base_revision" for name, _ in form)), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append([])
        elif not self.forms or "name" not in attrs:
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.forms[-1].append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea":
            self._text = [attrs["name"], ""]
        elif tag == "select":
            self._select = [attrs["name"], None, "multiple" in attrs]
        if tag == "option" and self._select is not None:
            if "selected" in attrs or (self._select[1] is None and not self._select[2]):
                if self._select[1] is not None and not self._select[2]:
                    self.forms[-1].remove((self._select[0], self._select[1]))
                self._select[1] = attrs.get("value", "")
                self.forms[-1].append((self._select[0], self._select[1]))

    def handle_data(self, data):
        if self._text is not None:
            self._text[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._text is not None:
            self.forms[-1].append((self._text[0], self._text[1].removeprefix("\n")))
            self._text = None
        elif tag == "select":
            self._select = None


class Ledger:
    """What the clients were told: acknowledged, refused, or never answered (in doubt)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked: dict[str, list] = defaultdict(list)
        self.in_doubt: dict[str, list] = defaultdict(list)
        self.refused: dict[str, list] = defaultdict(list)
        self.statuses: Counter = Counter()
        self.unexpected: list[tuple] = []

    def record(self, kind: str, answer: Answer, item, acked=(200, 201, 303),
               refused=(409, 422)) -> bool:
        with self.lock:
            self.statuses[(kind, answer.status)] += 1
            if answer.status in acked:
                self.acked[kind].append(item)
            elif answer.status == CONNECTION_LOST:
                self.in_doubt[kind].append(item)
            elif answer.status in refused:
                self.refused[kind].append(item)
            else:
                self.in_doubt[kind].append(item)
                self.unexpected.append((kind, answer.status, answer.body[:300]))
        return answer.status in acked


LEAD = {"company": "Multihost Ltd", "employees": 250, "marketing_budget_monthly": 45000,
        "source": "webinar", "campaign": "multihost"}


class Load:
    """The load run's clients; each alternates between the two hosts."""

    def __init__(self, cluster: Cluster, ledger: Ledger):
        self.cluster, self.ledger = cluster, ledger
        self.hosts = [app.url for app in cluster.apps]
        self.stop = threading.Event()
        self.leads: list[int] = []

    def host(self, turn: int) -> str:
        return self.hosts[turn % 2]

    def hand_over(self, worker: int) -> None:
        """Leads by external id, re-posted until acknowledged (a re-post matches, never adds);
        attempts on them, which are not re-sent when the answer is lost."""
        for turn in itertools.count():
            if self.stop.is_set():
                return
            external_id = f"mh-{worker}-{turn}"
            body = {**LEAD, "external_id": external_id, "email": f"{external_id}@multihost.test"}
            for retry in range(40):
                answer = api(self.host(turn + retry + worker), self.cluster.token,
                             "/api/v1/leads", body)
                if self.ledger.record("lead", answer, external_id, acked=(200, 201)):
                    with self.ledger.lock:
                        self.leads.append(json.loads(answer.body)["leads"][0]["id"])
                    break
                time.sleep(0.25)
            if self.leads:
                note = f"mh-attempt-{worker}-{turn}"
                lead = self.leads[(turn * 7 + worker) % len(self.leads)]
                self.ledger.record("attempt", api(
                    self.host(turn + worker + 1), self.cluster.token,
                    f"/api/v1/leads/{lead}/attempts",
                    {"channel": "call", "outcome": "no_answer", "note": note}), note)

    def rate(self) -> None:
        head = Browser()
        head.sign_in(self.host(0), HEAD_OF_SALES)
        for turn in itertools.count():
            if self.stop.is_set():
                return
            if not self.leads:
                time.sleep(0.1)
                continue
            comment = f"mh-rating-{turn}"
            lead = self.leads[turn % len(self.leads)]
            self.ledger.record("rating", head.post(self.host(turn), f"/leads/{lead}/rating", {
                "rating": str(turn % 5 + 1), "verdict": "nurture", "reason": "bad_timing",
                "comment": comment, "confirm_below_minimum": "y", "confirm_no_attempt": "y"}),
                comment)

    def edit(self, worker: int, email: str, kind: str, edit_path: str, field: str) -> None:
        """Read the edit form on one host, save it through the other: a revisioned save."""
        browser = Browser()
        browser.sign_in(self.host(worker), email)
        for turn in itertools.count():
            if self.stop.is_set():
                return
            page = browser.request(self.host(turn + worker) + edit_path)
            form = EditForm(page.body).fields if page.status == 200 else None
            if form is None:
                self.ledger.record(f"{kind}-form", page, turn, acked=(), refused=())
                time.sleep(0.2)
                continue
            marker = f"mh-{kind}-{worker}-{turn}"
            base = int(dict(form)["base_revision"])
            fields = [(name, marker if name == "summary" else f"Edited in the load run: {marker}"
                       if name == field else value) for name, value in form]
            answer = browser.post(self.host(turn + worker + 1), edit_path, fields)
            if answer.status == 409 and 'id="conflict-title"' not in answer.body:
                answer.status = -409  # a refusal without the merge view is unexpected
            self.ledger.record(kind, answer, (marker, base))

    def sign_ins(self) -> None:
        for turn in itertools.count():
            if self.stop.is_set():
                return
            browser = Browser()
            answer = browser.sign_in(self.host(turn), SIGNERS[turn % len(SIGNERS)])
            if self.ledger.record("sign-in", answer, turn, acked=(303,), refused=()):
                # The signed cookie is a session on the other host too.
                self.ledger.record("session-elsewhere", browser.request(self.host(turn + 1)),
                                   turn, acked=(200,), refused=())
            time.sleep(0.2)


def load_run(cluster: Cluster, seconds: float = 40, kill_after: float = 15,
             down_for: float = 3) -> Ledger:
    """Every client through both hosts; host 2 is SIGKILLed after `kill_after` and restarted."""
    ledger, load = Ledger(), None
    load = Load(cluster, ledger)
    term = cluster.sql("SELECT slug FROM terms ORDER BY id LIMIT 1")[0][0]
    goal, team = cluster.sql("SELECT id, owner_team FROM goals ORDER BY id LIMIT 1")[0]
    targets = [
        lambda: load.hand_over(0), lambda: load.hand_over(1), load.rate, load.sign_ins,
        lambda: load.edit(0, TERM_EDITORS[0], "term", f"/glossary/{term}/edit", "examples"),
        lambda: load.edit(1, TERM_EDITORS[1], "term", f"/glossary/{term}/edit", "examples"),
        lambda: load.edit(0, GOAL_EDITORS[team][0], "goal", f"/goals/{goal}/edit", "obstacles"),
        lambda: load.edit(1, GOAL_EDITORS[team][1], "goal", f"/goals/{goal}/edit", "obstacles")]
    threads = [threading.Thread(target=target, daemon=True) for target in targets]
    for thread in threads:
        thread.start()
    time.sleep(kill_after)
    cluster.apps[1].kill()
    time.sleep(down_for)
    cluster.apps[1].start()
    time.sleep(max(0.0, seconds - kill_after - down_for))
    load.stop.set()
    for thread in threads:
        thread.join(timeout=60)
    ledger.term, ledger.goal = term, goal
    return ledger


class Outage:
    """What clients saw while PostgreSQL was stopped and started under them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answers: list[tuple[str, int, str | None, str]] = []  # kind, status, Retry-After
        self.batches: dict[str, int] = {}  # external id prefix of a batch -> status
        self.recovered_after: float | None = None

    def record(self, kind: str, answer: Answer) -> None:
        with self.lock:
            self.answers.append((kind, answer.status, answer.headers.get("Retry-After"),
                                 answer.body))


BATCH = 10


def outage_run(cluster: Cluster, seconds: float = 16, stop_after: float = 3,
               down_for: float = 5) -> Outage:
    """Pages, htmx requests, saves and batch imports through both hosts while PostgreSQL is
    stopped (immediately, as a crash) and started again; the app servers keep running."""
    outage, stop = Outage(), threading.Event()
    hosts = [app.url for app in cluster.apps]
    reader = Browser()
    reader.sign_in(hosts[0], HEAD_OF_MARKETING)
    term = cluster.sql("SELECT slug FROM terms ORDER BY id LIMIT 1")[0][0]

    def read():
        for turn in itertools.count():
            if stop.is_set():
                return
            outage.record("page", reader.request(hosts[turn % 2] + "/glossary/"))
            outage.record("htmx", reader.request(hosts[turn % 2] + f"/glossary/{term}", headers={
                "HX-Request": "true", "HX-Request-Type": "partial"}))
            outage.record("save", reader.post(hosts[turn % 2], "/notifications/read", {}))
            time.sleep(0.1)

    def import_batches():
        for turn in itertools.count():
            if stop.is_set():
                return
            prefix = f"mh-batch-{turn}-"
            answer = api(hosts[turn % 2], cluster.token, "/api/v1/leads", {"leads": [
                {**LEAD, "external_id": f"{prefix}{n}", "email": f"{prefix}{n}@multihost.test"}
                for n in range(BATCH)]})
            outage.record("import", answer)
            with outage.lock:
                outage.batches[prefix] = answer.status
            time.sleep(0.1)

    pids = [app.process.pid for app in cluster.apps]
    threads = [threading.Thread(target=target, daemon=True) for target in (read, import_batches)]
    for thread in threads:
        thread.start()
    time.sleep(stop_after)
    cluster.postgres.stop()
    time.sleep(down_for)
    cluster.postgres.start()
    restarted = time.monotonic()
    wait_for(lambda: [urllib.request.urlopen(host + "/healthz", timeout=2).close()
                      for host in hosts], 30)
    outage.recovered_after = time.monotonic() - restarted
    time.sleep(max(0.0, seconds - stop_after - down_for - outage.recovered_after))
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    outage.same_processes = pids == [app.process.pid for app in cluster.apps] and all(
        app.process.poll() is None for app in cluster.apps)
    return outage


if __name__ == "__main__":
    started = time.monotonic()
    running = Cluster()
    try:
        result = load_run(running)
        for (kind, status), count in sorted(result.statuses.items()):
            print(f"{kind:<18} {status:>4} {count:>6}")
        print("unexpected:", result.unexpected[:5])
        cut = outage_run(running)
        print(Counter((kind, status, retry) for kind, status, retry, _ in cut.answers))
        print(f"recovered {cut.recovered_after:.1f} s after the restart")
    finally:
        running.close()
    print(f"{time.monotonic() - started:.0f} s")
