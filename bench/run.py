"""Performance harness: Alinea pages against the framework's two ceilings, in one run.

Not part of the test suite. From the repository root:

    .venv/bin/python bench/run.py [--duration 10] [--connections 16] [--glossary-terms 2000]
                                  [--goals 200] [--goal-check-ins 4000]

It builds a fresh demo database (plus --glossary-terms bulk glossary terms, 10 revisions
each, and --goals bulk goals of this quarter with --goal-check-ins check-ins) and the
ceiling's database in a temp dir,
serves both with gunicorn (two sync workers), runs wrk against every page in
PAGES and against both ceilings (the anonymous /fortunes, for the sign-in page, and the
signed-in /signed, for every signed-in page), counts SQL queries per page with
the Flask test client, and prints a Markdown table (also written to
bench/latest.md). See bench/README.md.
"""

import argparse
import datetime
import http.cookiejar
import os
import platform
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

# --- The pages to measure. Each area adds its own here. -------------------
# kind is one of: "page" (>= 0.5 of the ceiling's req/s), "fragment" (>= 0.7;
# requested with the headers HX-Request: true and HX-Request-Type: partial), "metrics"
# (>= 0.25).
ADMIN = "admin@demo.test"
REP = "carlos.ruiz@demo.test"
MARKETING_HEAD = "lucia.fernandez@demo.test"

def _last_month() -> str:
    """The demo's last complete month, "YYYY-MM", for the review's address."""
    first = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
    return f"{first.year:04d}-{first.month:02d}"


PAGES = [
    # name,             path,                            who (None: signed out), kind
    ("login",           "/login",                        None,            "page"),
    ("home",            "/",                             ADMIN,           "page"),
    ("glossary",        "/glossary/",                    ADMIN,           "page"),
    ("glossary search", "/glossary/?q=lead",             ADMIN,           "fragment"),
    ("term",            "/glossary/mql",                 ADMIN,           "page"),
    ("term history",    "/glossary/mql/history?a=1&b=2", ADMIN,           "page"),
    ("SLA",             "/sla/",                         ADMIN,           "page"),
    ("SLA version",     "/sla/2",                        ADMIN,           "page"),
    ("goals",           "/goals/",                       ADMIN,           "page"),
    ("goals filter",    "/goals/?team=sales",            ADMIN,           "fragment"),
    # The demo's first goal of this quarter (workspace/goals/demo.py): a live metric's.
    ("goal",            "/goals/5",                      ADMIN,           "page"),
    ("meeting log",     "/meetings/",                    REP,             "page"),
    ("meeting log search", "/meetings/?q=sla",           REP,             "fragment"),
    ("meeting",         "/meetings/1",                   REP,             "page"),
    ("inbox (rep)",     "/leads/",                       REP,             "page"),
    ("metrics",         "/metrics/",                     MARKETING_HEAD,  "metrics"),
    ("monthly review",  f"/metrics/review/{_last_month()}", MARKETING_HEAD, "metrics"),
    ("lead feedback",   "/leads/feedback",               MARKETING_HEAD,  "metrics"),
]
FRAGMENT_HEADERS = {"HX-Request": "true", "HX-Request-Type": "partial"}

# --- Targets from DESIGN.md "Performance targets". -------------------------
RATIO_TARGETS = {"page": 0.5, "fragment": 0.7, "metrics": 0.25}
P99_MAX_RATIO = 3.0

DEMO_PASSWORD = "demo-password"
SECRET_KEY = "bench"

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
CEILING_DIR = Path("/work/shared/ceiling")
LATEST = ROOT / "bench" / "latest.md"


@dataclass
class Result:
    name: str
    kind: str
    rps: float
    p99_ms: float
    errors: str = ""
    signed_in: bool = True  # measured against /signed; the sign-in page against /fortunes


# --- Processes ---------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def alinea_env(db_path: Path) -> dict:
    env = dict(os.environ)
    env["DATABASE_URL"] = "sqlite:///" + str(db_path)
    env["SECRET_KEY"] = SECRET_KEY
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def ceiling_env(db_path: Path) -> dict:
    env = dict(os.environ)
    env["BENCH_DB"] = str(db_path)
    # Nothing may be written into /work/shared, not even __pycache__.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_checked(cmd: list, env: dict, cwd: Path) -> None:
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")


def build_alinea_db(db_path: Path) -> None:
    env = alinea_env(db_path)
    flask = str(BIN / "flask")
    run_checked([flask, "--app", "wsgi", "db", "upgrade"], env, ROOT)
    run_checked([flask, "--app", "wsgi", "seed-demo", "--password", DEMO_PASSWORD], env, ROOT)


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a WAL-mode SQLite database (the backup API, not a file copy)."""
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def add_glossary_terms(db_path: Path, terms: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ["SECRET_KEY"] = SECRET_KEY  # so create_app never writes instance/secret_key
    from bulk_glossary import add_terms

    began = time.monotonic()
    added = add_terms("sqlite:///" + str(db_path), terms=terms, revisions_per_term=10)
    print(f"  added {added} glossary terms in {time.monotonic() - began:.1f} s",
          file=sys.stderr, flush=True)


def add_goals(db_path: Path, goals: int, check_ins: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ["SECRET_KEY"] = SECRET_KEY  # so create_app never writes instance/secret_key
    from bulk_goals import add_goals as add

    began = time.monotonic()
    added = add("sqlite:///" + str(db_path), goals=goals, check_ins=check_ins)
    print(f"  added {added[0]} goals and {added[1]} check-ins in "
          f"{time.monotonic() - began:.1f} s", file=sys.stderr, flush=True)


def build_ceiling_db(db_path: Path) -> None:
    run_checked([str(BIN / "python"), "app.py"], ceiling_env(db_path), CEILING_DIR)


def start_gunicorn(app: str, port: int, env: dict, cwd: Path, log: Path) -> subprocess.Popen:
    cmd = [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", app]
    with open(log, "w") as out:
        return subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)


def wait_until_up(url: str, server: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server for {url} exited:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # It answers; the status is not our concern here.
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server for {url} did not come up:\n{log.read_text()}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- Signing in over HTTP ----------------------------------------------------

class CsrfFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.token = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "input" and values.get("name") == "csrf_token":
            self.token = values.get("value")


def sign_in_cookie(base: str, email: str) -> str:
    """Sign in as a demo person; return the cookies as a Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    finder = CsrfFinder()
    with opener.open(base + "/login") as response:
        finder.feed(response.read().decode())
    if not finder.token:
        raise RuntimeError("no csrf_token input on /login")
    form = urllib.parse.urlencode({"csrf_token": finder.token, "email": email,
                                   "password": DEMO_PASSWORD}).encode()
    with opener.open(base + "/login", data=form) as response:
        final_url = response.geturl()
    if final_url.rstrip("/").endswith("/login"):
        raise RuntimeError("sign-in failed: still on /login")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


# --- wrk -----------------------------------------------------------------------

def run_wrk(url: str, duration: int, connections: int, headers: list) -> str:
    threads = min(2, connections)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for header in headers:
        cmd += ["-H", header]
    cmd.append(url)
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed for {url}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def to_ms(value: str, unit: str) -> float:
    factors = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
    return float(value) * factors[unit]


def parse_wrk(output: str) -> tuple:
    """Return (requests/s, p99 in ms, error note) from wrk's --latency output."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    if not rps or not p99:
        raise RuntimeError(f"cannot parse wrk output:\n{output}")
    errors = []
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        errors.append(f"{non_2xx.group(1)} non-2xx/3xx")
    socket_errors = re.search(r"Socket errors:.*", output)
    if socket_errors:
        errors.append(socket_errors.group(0).strip())
    return float(rps.group(1)), to_ms(p99.group(1), p99.group(2)), "; ".join(errors)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_answers_200(url: str, headers: list) -> None:
    """wrk counts redirects as successes: make sure the page really renders first."""
    request = urllib.request.Request(url)
    for header in headers:
        key, _, value = header.partition(": ")
        request.add_header(key, value)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise RuntimeError(f"{url} answered HTTP {status}, not 200; fix the page or PAGES")


def page_headers(cookie: str | None, kind: str) -> list:
    headers = []
    if cookie:
        headers.append(f"Cookie: {cookie}")
    if kind == "fragment":
        headers += [f"{key}: {value}" for key, value in FRAGMENT_HEADERS.items()]
    return headers


def measure(name: str, kind: str, url: str, headers: list, args,
            signed_in: bool = True) -> Result:
    print(f"  wrk {name:<20} {url}", file=sys.stderr, flush=True)
    check_answers_200(url, headers)
    output = run_wrk(url, args.duration, args.connections, headers)
    rps, p99, errors = parse_wrk(output)
    return Result(name=name, kind=kind, rps=rps, p99_ms=p99, errors=errors,
                  signed_in=signed_in)


def ceiling_cookie(base: str) -> str:
    """The signed-in ceiling's session: /signin sets it for its one user."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/signin").close()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


# --- SQL queries per request (in-process) ------------------------------------

def count_queries(db_path: Path, show: bool) -> dict:
    """Request each page twice with the test client; count the second one's statements,
    drawing again what pages keep between requests (workspace.kept), as after a write.

    Returns name -> (statements, HTTP status). Called once per database (small and large),
    each time with an app of its own.
    """
    os.environ["SECRET_KEY"] = SECRET_KEY  # so create_app never writes instance/secret_key
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import event

    from workspace import create_app
    from workspace.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(db_path),
                      "SECRET_KEY": SECRET_KEY, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False})
    statements = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", on_execute)

    clients = {None: app.test_client()}
    for email in {who for _, _, who, _ in PAGES if who}:
        clients[email] = app.test_client()
        answer = clients[email].post("/login", data={"email": email, "password": DEMO_PASSWORD})
        if answer.status_code != 303:
            raise RuntimeError(f"test-client sign-in as {email} answered {answer.status_code}")

    counts = {}
    for name, path, who, kind in PAGES:
        client = clients[who]
        headers = FRAGMENT_HEADERS if kind == "fragment" else {}
        client.get(path, headers=headers)  # warm-up: caches, session refresh
        # what a reader pays after a write: regions kept between requests drawn again
        app.extensions.pop("kept_regions", None)
        statements.clear()
        response = client.get(path, headers=headers)
        counts[name] = (len(statements), response.status_code)
        if show:
            print(f"-- {name} {path} ({db_path.name}): {len(statements)} queries",
                  file=sys.stderr)
            for statement in statements:
                print("   " + " ".join(statement.split()), file=sys.stderr)
    return counts


# --- Report ------------------------------------------------------------------

def verdict(result: Result, ceiling: Result, status: int, grows: bool) -> str:
    """Against the matching ceiling: /signed for a signed-in page, /fortunes otherwise."""
    if result.errors or status >= 400:
        return "FAIL (errors)"
    ratio_ok = result.rps / ceiling.rps >= RATIO_TARGETS[result.kind]
    p99_ok = result.p99_ms < P99_MAX_RATIO * ceiling.p99_ms
    if grows:
        return "FAIL (queries grow with size)"
    return "PASS" if ratio_ok and p99_ok else "FAIL"


def query_cell(large: tuple, small: tuple | None) -> tuple:
    """(cell text, grows): "7" alone, or "7 → 7" (demo → with the bulk rows) when both were
    counted."""
    queries, status = large
    status_note = "" if status in (200, 204) else f" (HTTP {status})"
    if small is None:
        return f"{queries}{status_note}", False
    grows = small[0] != queries
    flag = " **grows**" if grows else ""
    return f"{small[0]} → {queries}{status_note}{flag}", grows


def table(results: list, ceilings: dict, counts: dict, small_counts: dict | None,
          args) -> str:
    queries_title = f"queries (demo → {bulk_rows(args)})" if small_counts is not None \
        else "queries"
    lines = [
        f"| page | kind | req/s | ratio to its ceiling (target) | p99 ms "
        f"| p99 ratio (< 3) | {queries_title} | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for signed_in, name in ((False, "ceiling /fortunes (anonymous)"),
                            (True, "ceiling /signed (signed in)")):
        ceiling = ceilings[signed_in]
        lines.append(f"| {name} | - | {ceiling.rps:.0f} | 1.00 | {ceiling.p99_ms:.1f} | 1.00 "
                     f"| {2 if signed_in else 1} | - |")
    for result in results:
        ceiling = ceilings[result.signed_in]
        status = counts[result.name][1]
        cell, grows = query_cell(counts[result.name],
                                 small_counts[result.name] if small_counts else None)
        error_note = f" ({result.errors})" if result.errors else ""
        which = "signed" if result.signed_in else "fortunes"
        lines.append(
            f"| {result.name} | {result.kind} | {result.rps:.0f} "
            f"| {result.rps / ceiling.rps:.2f} of /{which} (>= {RATIO_TARGETS[result.kind]}) "
            f"| {result.p99_ms:.1f} | {result.p99_ms / ceiling.p99_ms:.2f} "
            f"| {cell} | {verdict(result, ceiling, status, grows)}{error_note} |")
    return "\n".join(lines)


def bulk_rows(args) -> str:
    """What the bulk builders add, in words: "+2,000 terms, +200 goals"."""
    parts = [f"+{args.glossary_terms:,} terms"] if args.glossary_terms else []
    return ", ".join(parts + ([f"+{args.goals:,} goals"] if args.goals else []))


def bulk_note(args) -> str:
    parts = []
    if args.glossary_terms:
        parts.append(f"{args.glossary_terms:,} bulk glossary terms with 10 revisions each "
                     "(bench/bulk_glossary.py)")
    if args.goals:
        parts.append(f"{args.goals:,} bulk goals of this quarter with {args.goal_check_ins:,} "
                     "check-ins (bench/bulk_goals.py)")
    if not parts:
        return ""
    return f" plus {' and '.join(parts)}; queries counted on the demo data alone and with them"


def write_latest(report: str, args) -> None:
    command = ".venv/bin/python bench/run.py " + shlex.join(
        ["--duration", str(args.duration), "--connections", str(args.connections),
         "--glossary-terms", str(args.glossary_terms), "--goals", str(args.goals),
         "--goal-check-ins", str(args.goal_check_ins)])
    header = (
        "# Latest benchmark\n\n"
        f"- Date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}\n"
        f"- Machine: {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, "
        f"{platform.platform()}\n"
        f"- Command: `{command}` (from the repository root)\n"
        f"- Servers: gunicorn, 2 sync workers each; wrk -t2 -c{args.connections} "
        f"-d{args.duration}s; SQLite demo data"
        f"{bulk_note(args)}\n\n")
    LATEST.write_text(header + report + "\n")


# --- Main --------------------------------------------------------------------

def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--glossary-terms", type=int, default=2000, metavar="N",
                        help="extra glossary terms (10 revisions each) added after seeding; "
                             "0 skips them")
    parser.add_argument("--goals", type=int, default=200, metavar="N",
                        help="extra goals of this quarter added after seeding; 0 skips them")
    parser.add_argument("--goal-check-ins", type=int, default=4000, metavar="N",
                        help="check-ins spread over the extra goals")
    parser.add_argument("--show-queries", action="store_true",
                        help="print each page's SQL statements to stderr")
    return parser.parse_args()


def benchmark(tmp: Path, args, servers: list) -> str:
    print("building databases", file=sys.stderr, flush=True)
    alinea_db, ceiling_db = tmp / "bench.db", tmp / "ceiling.db"
    small_db = tmp / "small.db"  # the demo data alone, to compare query counts
    bulk = bool(args.glossary_terms or args.goals)
    build_alinea_db(alinea_db)
    if bulk:
        copy_sqlite(alinea_db, small_db)
    if args.glossary_terms:
        add_glossary_terms(alinea_db, args.glossary_terms)
    if args.goals:
        add_goals(alinea_db, args.goals, args.goal_check_ins)
    build_ceiling_db(ceiling_db)

    ceiling_port, alinea_port = free_port(), free_port()
    ceiling_base = f"http://127.0.0.1:{ceiling_port}"
    alinea_base = f"http://127.0.0.1:{alinea_port}"
    ceiling_log, alinea_log = tmp / "ceiling.log", tmp / "alinea.log"
    servers.append(start_gunicorn("app:app", ceiling_port, ceiling_env(ceiling_db),
                                  CEILING_DIR, ceiling_log))
    servers.append(start_gunicorn("wsgi:app", alinea_port, alinea_env(alinea_db),
                                  ROOT, alinea_log))
    wait_until_up(ceiling_base + "/fortunes", servers[0], ceiling_log)
    wait_until_up(alinea_base + "/login", servers[1], alinea_log)

    cookies = {who: sign_in_cookie(alinea_base, who) for _, _, who, _ in PAGES if who}
    print("measuring", file=sys.stderr, flush=True)
    ceilings = {
        False: measure("ceiling /fortunes", "page", ceiling_base + "/fortunes", [], args,
                       signed_in=False),
        True: measure("ceiling /signed", "page", ceiling_base + "/signed",
                      [f"Cookie: {ceiling_cookie(ceiling_base)}"], args)}
    results = [measure(name, kind, alinea_base + path,
                       page_headers(cookies.get(who), kind), args, signed_in=who is not None)
               for name, path, who, kind in PAGES]

    print("counting queries", file=sys.stderr, flush=True)
    counts = count_queries(alinea_db, args.show_queries)
    small_counts = count_queries(small_db, args.show_queries) if bulk else None
    return table(results, ceilings, counts, small_counts, args)


def main() -> int:
    args = parse_args()
    if args.connections < 1 or args.duration < 1:
        sys.exit("--duration and --connections must be at least 1")
    if min(args.glossary_terms, args.goals, args.goal_check_ins) < 0:
        sys.exit("--glossary-terms, --goals and --goal-check-ins must be 0 or more")
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install -y wrk)")
    tmp = Path(tempfile.mkdtemp(prefix="alinea-bench-"))
    servers = []
    try:
        report = benchmark(tmp, args, servers)
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(tmp, ignore_errors=True)
    print(report)
    write_latest(report, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
