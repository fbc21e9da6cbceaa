"""The lead feedback loop at scale: pages, CSV import and API hand-off with 500,000 leads.

Not part of the test suite. From the repository root:

    .venv/bin/python bench/leads_scale.py [--leads 500000] [--requests 20]
    bash scripts/with-postgres.sh .venv/bin/python bench/leads_scale.py --postgres-from-env

For each database (SQLite by default; PostgreSQL with --postgres URL or --postgres-from-env)
it builds a fresh database (`flask db upgrade`, `flask seed-demo`), creates an API token,
counts SQL queries per page on the demo data, adds --leads bulk leads (bench/bulk_leads.py)
and --goals goals of this quarter with --goal-check-ins check-ins (bench/bulk_goals.py) and
--meetings meetings with --actions action items (bench/bulk_meetings.py),
then with the Flask test client (in-process) times each page in PAGES (median and p95 over
--requests requests, each drawn afresh as after a write: nothing kept, workspace.kept) and
counts its queries again; imports a generated --csv-rows CSV with
leads.importing.import_file; serves the app with gunicorn (two sync workers) and POSTs
--api-batches batches of --api-batch-size leads to /api/v1/leads. Results per database are
kept in bench/leads_latest.json, so a PostgreSQL run and an SQLite run fill one table, which
is printed and written to bench/leads_latest.md. See bench/README.md.
"""

import argparse
import csv
import io
import json
import os
import platform
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BIN = ROOT / ".venv" / "bin"
LATEST_MD = BENCH / "leads_latest.md"
LATEST_JSON = BENCH / "leads_latest.json"
PROFILES = BENCH / "profiles"
SECRET_KEY = "bench"
PASSWORD = "demo-password"
REP = "carlos.ruiz@demo.test"
SALES_HEAD = "david.okafor@demo.test"
MARKETING_HEAD = "lucia.fernandez@demo.test"

# name, path ({lead_id}, {month} filled in), who, kind. kind "api" uses the bearer token.
PAGES = [
    ("inbox `/leads/` (rep)", "/leads/", REP, "page"),
    ("lead page `/leads/<id>` (rep)", "/leads/{lead_id}", REP, "page"),
    ("all leads `/leads/?view=all` (head of sales)", "/leads/?view=all", SALES_HEAD, "page"),
    ("feedback `/leads/feedback?month=` (head of marketing)", "/leads/feedback?month={month}",
     MARKETING_HEAD, "metrics"),
    ("metrics `/metrics/?month=` (head of marketing)", "/metrics/?month={month}",
     MARKETING_HEAD, "metrics"),
    ("monthly review `/metrics/review/<month>` (head of sales)", "/metrics/review/{month}",
     SALES_HEAD, "metrics"),
    ("API `GET /api/v1/metrics/sla?month=`", "/api/v1/metrics/sla?month={month}", None, "api"),
    ("home `/` (rep)", "/", REP, "page"),
    ("goals `/goals/` (head of marketing)", "/goals/", MARKETING_HEAD, "page"),
    ("goal page `/goals/<id>`, live metric (head of sales)", "/goals/{goal_id}", SALES_HEAD,
     "page"),
    ("meeting log `/meetings/` (rep)", "/meetings/", REP, "page"),
    ("meeting log search `/meetings/?q=` (head of marketing)", "/meetings/?q=webinar",
     MARKETING_HEAD, "page"),
    ("action items `/meetings/actions` (head of sales)", "/meetings/actions", SALES_HEAD,
     "page"),
    ("meeting page `/meetings/<id>` (rep)", "/meetings/{meeting_id}", REP, "page"),
]
PAGE_MS = 150          # DESIGN.md: every lead and metrics page under 150 ms (p95 here)
CSV_SECONDS = 5        # 50,000 rows in under 5 s
API_LEADS_PER_S = 3000
TEMPLATE = ["external_id", "company", "contact_name", "email", "employees",
            "marketing_budget_monthly", "source", "campaign"]

sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", SECRET_KEY)  # so create_app never writes instance/secret_key


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- Databases ---------------------------------------------------------------

def env_for(url: str) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=url, SECRET_KEY=SECRET_KEY, PYTHONDONTWRITEBYTECODE="1")
    return env


def flask_cli(url: str, *args: str) -> str:
    done = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], env=env_for(url),
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def fresh_postgres(url: str) -> tuple[str, callable]:
    """A new database on the server `url` points at; returns its URL and a drop function."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"alinea_leads_scale_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return make_url(url).set(database=name).render_as_string(hide_password=False), drop


def data_counts(url: str) -> dict:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {table: conn.scalar(text(f"SELECT count(*) FROM {table}"))
                  for table in ("leads", "contact_attempts", "ratings")}
    engine.dispose()
    return counts


# --- In-process measurements -------------------------------------------------

class SqlRecorder:
    """Every statement the engine runs, with the time its execute took."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.engine, self.rows, self.event = engine, [], event
        event.listen(engine, "before_cursor_execute", self.before)
        event.listen(engine, "after_cursor_execute", self.after)

    def before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(self, conn, cursor, statement, parameters, context, executemany):
        began = conn.info["bench_started"].pop()
        self.rows.append(((time.perf_counter() - began) * 1000, statement, parameters))

    def close(self):
        self.event.remove(self.engine, "before_cursor_execute", self.before)
        self.event.remove(self.engine, "after_cursor_execute", self.after)


def make_app(url: str):
    from workspace import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY,
                       "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})


def clients(app, token: str) -> dict:
    signed = {}
    for email in (REP, SALES_HEAD, MARKETING_HEAD):
        client = app.test_client()
        answer = client.post("/login", data={"email": email, "password": PASSWORD})
        if answer.status_code != 303:
            raise RuntimeError(f"sign-in as {email} answered {answer.status_code}")
        signed[email] = client
    signed[None] = app.test_client()
    signed["token"] = {"Authorization": f"Bearer {token}"}
    return signed


def fetch(signed: dict, who, kind: str, path: str):
    headers = signed["token"] if kind == "api" else {}
    return signed[who].get(path, headers=headers)


def page_context(app) -> dict:
    """A demo lead of the rep's with attempts and a rating, and last month (data in both)."""
    from sqlalchemy import select

    from workspace.auth.models import User
    from workspace.extensions import db
    from workspace.goals.models import Goal
    from workspace.goals.periods import period_of
    from workspace.leads.models import Lead
    from workspace.meetings.models import Meeting

    with app.app_context():
        rep = db.session.scalar(select(User).where(User.email == REP))
        lead_id = db.session.scalar(select(Lead.id).where(
            Lead.assigned_to_id == rep.id, Lead.attempts_count >= 3,
            Lead.first_rated_at.is_not(None)).order_by(Lead.id.desc()).limit(1))
        goal_id = db.session.scalar(select(Goal.id).where(
            Goal.period == period_of(datetime.now(UTC).date()).label, Goal.metric != "")
            .order_by(Goal.id).limit(1))  # the demo's live goal of this quarter
        meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.status == "closed")
                                       .order_by(Meeting.starts_at.desc()).limit(1))
    today = datetime.now(ZoneInfo("Europe/Madrid")).date()
    last_month = today.replace(day=1) - timedelta(days=1)
    return {"lead_id": lead_id, "month": f"{last_month:%Y-%m}", "goal_id": goal_id,
            "meeting_id": meeting_id}


def measure_pages(url: str, token: str, context: dict, requests: int, show: bool,
                  profile: bool, label: str) -> dict:
    """Per page: HTTP status, statements per request, and (requests > 0) timings."""
    from workspace.extensions import db

    app = make_app(url)
    with app.app_context():
        engine = db.engine
    signed = clients(app, token)
    recorder = SqlRecorder(engine)
    results = {}
    try:
        for name, template, who, kind in PAGES:
            path = template.format(**context)
            fetch(signed, who, kind, path)  # warm-up: caches, session refresh
            timings, counts, status, slowest = [], [], None, []
            for _ in range(max(requests, 1)):
                # what a reader pays after a write: pages kept between requests drawn again
                app.extensions.pop("kept_regions", None)
                recorder.rows.clear()
                began = time.perf_counter()
                response = fetch(signed, who, kind, path)
                timings.append((time.perf_counter() - began) * 1000)
                status = response.status_code
                counts.append(len(recorder.rows))
                slowest = sorted(recorder.rows, key=lambda row: -row[0])[:3]
            result = {"path": path, "kind": kind, "status": status, "queries": max(counts),
                      "queries_vary": min(counts) != max(counts),
                      "slowest_sql": [[round(ms, 1), " ".join(sql.split())]
                                      for ms, sql, _ in slowest]}
            if requests:
                ordered = sorted(timings)
                result.update(median_ms=round(statistics.median(ordered), 1),
                              p95_ms=round(ordered[min(len(ordered) - 1,
                                                       int(0.95 * len(ordered)))], 1))
            if show:
                log(f"{label} {path}: {len(recorder.rows)} statements")
                for ms, sql, _ in recorder.rows:
                    print(f"    {ms:8.1f} ms  {' '.join(sql.split())[:300]}", file=sys.stderr)
            if profile and requests and (status != 200 or result["p95_ms"] >= PAGE_MS):
                result["profile"] = profile_call(
                    f"{label}-{name.split()[0]}",
                    lambda w=who, k=kind, p=path: fetch(signed, w, k, p))
            results[name] = result
            log(f"  {label} {name}: HTTP {status}, {result['queries']} queries"
                + (f", median {result['median_ms']} ms, p95 {result['p95_ms']} ms"
                   if requests else ""))
    finally:
        recorder.close()
        engine.dispose()
    return results


def profile_call(slug: str, call) -> str:
    """pyinstrument around one call; the text report goes to bench/profiles/."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    try:
        call()
    finally:
        profiler.stop()
    PROFILES.mkdir(exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in slug).strip("-")
    target = PROFILES / f"{safe}.txt"
    target.write_text(profiler.output_text(unicode=True, color=False))
    log(f"  profile written to {target.relative_to(ROOT)}")
    return str(target.relative_to(ROOT))


# --- CSV import --------------------------------------------------------------

def csv_file(rows: int, existing: list, seed: str) -> bytes:
    """Our template; `existing` rows (external_id, email, company) are re-imported leads."""
    from bulk_leads import COMPANIES, FIRST, LAST, SOURCES, SUFFIXES

    rng = random.Random(seed)
    lines = []
    for number in range(rows - len(existing)):
        company = f"{rng.choice(COMPANIES)} {rng.choice(SUFFIXES)}"
        lines.append([f"csv-{seed}-{number}", company, f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                      f"csv{number}.{seed}@{company.split()[0].lower()}.example"])
    lines += [[external_id, company, f"{rng.choice(FIRST)} {rng.choice(LAST)}", email]
              for external_id, email, company in existing]
    rng.shuffle(lines)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TEMPLATE)
    for line in lines:
        source = rng.choice(SOURCES)
        writer.writerow([*line, rng.randint(5, 2000), rng.randint(2_000, 200_000),
                         source[0], source[1]])
    return out.getvalue().encode()


def measure_import(url: str, rows: int, reimport: float, profile: bool, label: str) -> dict:
    from sqlalchemy import select

    from workspace.admin.services import workspace_settings
    from workspace.auth.models import User
    from workspace.extensions import db
    from workspace.leads.importing import import_file
    from workspace.leads.models import Lead

    app = make_app(url)
    result = {}
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == MARKETING_HEAD))
        zone = workspace_settings().timezone
        wanted = int(rows * reimport)
        existing = db.session.execute(select(Lead.external_id, Lead.email, Lead.company).where(
            Lead.external_id.like("crm-%"), Lead.id % 37 == 0).order_by(Lead.id)
            .limit(wanted)).all() if wanted else []
        content = csv_file(rows, [tuple(r) for r in existing], "a")
        log(f"  {label} CSV: {rows:,} rows ({len(existing):,} re-imported), "
            f"{len(content) / 1e6:.1f} MB")
        began = time.perf_counter()
        batch = import_file(user, "bench.csv", content, zone)
        seconds = time.perf_counter() - began
        if batch.error_count or batch.status != "published":
            raise RuntimeError(f"CSV import: {batch.status}, {batch.error_count} errors: "
                               f"{batch.errors[:5]}")
        result = {"rows": rows, "seconds": round(seconds, 2),
                  "rows_per_s": round(rows / seconds), "created": batch.created_count,
                  "updated": batch.updated_count}
        log(f"  {label} CSV import: {seconds:.1f} s, {rows / seconds:,.0f} rows/s "
            f"({batch.created_count:,} new, {batch.updated_count:,} updated)")
        if profile and seconds >= CSV_SECONDS * rows / 50_000:
            # A fifth of the file, same mix: enough to show the hotspot, not another long run.
            small = max(1, rows // 5)
            again = csv_file(small, [tuple(r) for r in existing[:int(small * reimport)]], "b")
            result["profile"] = profile_call(
                f"{label}-csv-import-{small}-rows",
                lambda: import_file(user, "bench2.csv", again, zone))
        db.session.remove()
        db.engine.dispose()
    return result


# --- API hand-off over HTTP --------------------------------------------------

def api_batches(count: int, size: int, seed: str) -> list[bytes]:
    from bulk_leads import COMPANIES, FIRST, INDUSTRIES, LAST, SOURCES, SUFFIXES

    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    batches = []
    for number in range(count):
        leads = []
        for index in range(size):
            company = f"{rng.choice(COMPANIES)} {rng.choice(SUFFIXES)}"
            source = rng.choice(SOURCES)
            leads.append({
                "external_id": f"api-{seed}-{number}-{index}", "company": company,
                "contact_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "email": f"api{number}.{index}.{seed}@{company.split()[0].lower()}.example",
                "employees": rng.randint(5, 2000),
                "marketing_budget_monthly": rng.randint(2_000, 200_000),
                "industry": rng.choice(INDUSTRIES), "country": "es",
                "last_engaged_at": (now - timedelta(days=rng.randint(0, 60))).isoformat(),
                "source": source[0], "campaign": source[1]})
        batches.append(json.dumps({"leads": leads}).encode())
    return batches


def start_gunicorn(url: str, port: int, log_path: Path) -> subprocess.Popen:
    # A long timeout: a slow batch must be measured, not killed after gunicorn's default 30 s.
    cmd = [str(BIN / "gunicorn"), "-w", "2", "--timeout", "600", "-b", f"127.0.0.1:{port}",
           "wsgi:app"]
    with open(log_path, "w") as out:
        return subprocess.Popen(cmd, env=env_for(url), cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT)


def post(url: str, body: bytes, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def measure_api(url: str, token: str, tmp: Path, batches: int, size: int, clients_: int,
                profile: bool, label: str) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    from run import free_port, stop, wait_until_up

    bodies = api_batches(batches, size, "http")
    port = free_port()
    log_path = tmp / f"gunicorn-{label}.log"
    server = start_gunicorn(url, port, log_path)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/login", server, log_path)
        per_batch = []

        def send(body: bytes) -> None:
            began = time.perf_counter()
            status, answer = post(base + "/api/v1/leads", body, token)
            if status != 201 or len(json.loads(answer)["leads"]) != size:
                raise RuntimeError(f"POST /api/v1/leads answered {status}: {answer[:500]!r}")
            per_batch.append(time.perf_counter() - began)

        began = time.perf_counter()
        with ThreadPoolExecutor(clients_) as pool:
            list(pool.map(send, bodies))
        seconds = time.perf_counter() - began
    finally:
        stop(server)
    leads = batches * size
    result = {"leads": leads, "batches": batches, "batch_size": size, "clients": clients_,
              "seconds": round(seconds, 2), "leads_per_s": round(leads / seconds),
              "batch_median_s": round(statistics.median(per_batch), 2)}
    log(f"  {label} API: {leads:,} leads in {seconds:.1f} s, {leads / seconds:,.0f} leads/s "
        f"(median batch {result['batch_median_s']} s)")
    if profile and result["leads_per_s"] < API_LEADS_PER_S:
        app = make_app(url)
        client = app.test_client()
        body = api_batches(1, size, "profile")[0]
        result["profile"] = profile_call(f"{label}-api-batch", lambda: client.post(
            "/api/v1/leads", data=body, headers={"Authorization": f"Bearer {token}",
                                                 "Content-Type": "application/json"}))
        from workspace.extensions import db

        with app.app_context():
            db.engine.dispose()
    return result


# --- One database, end to end --------------------------------------------------

def run_backend(backend: str, url: str, tmp: Path, args) -> dict:
    from bulk_goals import add_goals
    from bulk_leads import add_leads
    from bulk_meetings import add_meetings

    log(f"{backend}: flask db upgrade, seed-demo")
    flask_cli(url, "db", "upgrade")
    flask_cli(url, "seed-demo", "--password", PASSWORD)
    token = flask_cli(url, "create-api-token", "--name", "Bench").strip().splitlines()[-1]
    small = data_counts(url)
    context = page_context(make_app(url))
    log(f"{backend}: queries per page on the demo data ({small['leads']:,} leads)")
    small_pages = measure_pages(url, token, context, 0, args.show_queries, False,
                                f"{backend}/demo")

    log(f"{backend}: adding {args.leads:,} leads")
    began = time.monotonic()
    add_leads(url, leads=args.leads, attempts_per_lead=args.attempts_per_lead,
              progress=lambda c: print(f"  {c['leads']:,} leads", file=sys.stderr, end="\r",
                                       flush=True))
    bulk_seconds = time.monotonic() - began
    if args.goals:
        goals, check_ins = add_goals(url, goals=args.goals, check_ins=args.goal_check_ins)
        log(f"{backend}: added {goals:,} goals of this quarter, {check_ins:,} check-ins")
    if args.meetings:
        meetings, actions = add_meetings(url, meetings=args.meetings, actions=args.actions)
        log(f"{backend}: added {meetings:,} meetings, {actions:,} action items")
    big = data_counts(url)
    log(f"{backend}: {big['leads']:,} leads, {big['contact_attempts']:,} attempts, "
        f"{big['ratings']:,} ratings (bulk load {bulk_seconds:.0f} s)")

    log(f"{backend}: pages, {args.requests} requests each")
    pages = measure_pages(url, token, context, args.requests, args.show_queries, args.profile,
                          backend)
    for name, result in pages.items():
        result["queries_small"] = small_pages[name]["queries"]
        result["status_small"] = small_pages[name]["status"]

    result = {"backend": backend, "date": datetime.now(UTC).isoformat(timespec="seconds"),
              "command": command_line(), "leads_requested": args.leads,
              "data": {**big, "bulk_seconds": round(bulk_seconds), "demo_leads": small["leads"]},
              "context": context, "pages": pages}
    if args.csv_rows:
        log(f"{backend}: CSV import")
        result["csv"] = measure_import(url, args.csv_rows, args.csv_reimport, args.profile,
                                       backend)
    if args.api_batches:
        log(f"{backend}: API hand-off over HTTP")
        result["api"] = measure_api(url, token, tmp, args.api_batches, args.api_batch_size,
                                    args.api_clients, args.profile, backend)
    return result


# --- Report ----------------------------------------------------------------------

def command_line() -> str:
    return " ".join(shlex.quote(a) for a in [".venv/bin/python", "bench/leads_scale.py",
                                             *sys.argv[1:]])


def load_results() -> dict:
    try:
        return json.loads(LATEST_JSON.read_text())
    except (OSError, ValueError):
        return {}


def page_cell(page: dict | None) -> str:
    if page is None:
        return "not run"
    if page["status"] != 200:
        return f"HTTP {page['status']}"
    return f"{page['median_ms']:.0f} / {page['p95_ms']:.0f} ms"


def query_cell(page: dict | None) -> str:
    if page is None:
        return "not run"
    cell = f"{page['queries_small']} → {page['queries']}"
    if page["queries_small"] != page["queries"]:
        cell += " **grows**"
    return cell


def verdict(values: list, ok) -> str:
    ran = [v for v in values if v is not None]
    if not ran:
        return "-"
    return "PASS" if all(ok(v) for v in ran) else "FAIL"


def table(results: dict) -> str:
    backends = [results.get("sqlite"), results.get("postgresql")]
    lines = ["| measure | SQLite | PostgreSQL | target | verdict |", "|---|---:|---:|---|---|"]

    def data_cell(r):
        if r is None:
            return "not run"
        d = r["data"]
        return (f"{d['leads']:,} / {d['contact_attempts']:,} / {d['ratings']:,} "
                f"(bulk load {d['bulk_seconds']} s)")

    lines.append(f"| data: leads / attempts / ratings | {data_cell(backends[0])} | "
                 f"{data_cell(backends[1])} | 500,000 / 2,000,000 / - | - |")
    names = [name for name, *_ in PAGES]
    for name in names:
        pages = [r["pages"].get(name) if r else None for r in backends]
        lines.append(f"| {name}, median / p95 | {page_cell(pages[0])} | {page_cell(pages[1])} "
                     f"| p95 < {PAGE_MS} ms | "
                     f"{verdict(pages, lambda p: p['status'] == 200 and p['p95_ms'] < PAGE_MS)} |")
    for name in names:
        pages = [r["pages"].get(name) if r else None for r in backends]
        lines.append(f"| queries: {name.split(' `')[0]} (demo → big) | {query_cell(pages[0])} | "
                     f"{query_cell(pages[1])} | constant | "
                     f"{verdict(pages, lambda p: p['queries_small'] == p['queries'])} |")

    def csv_cell(r):
        if r is None or "csv" not in r:
            return "not run"
        c = r["csv"]
        return f"{c['seconds']:.1f} s ({c['rows_per_s']:,} rows/s)"

    csvs = [r.get("csv") if r else None for r in backends]
    rows = next((c["rows"] for c in csvs if c), 50_000)
    lines.append(f"| CSV import, {rows:,} rows (import_file) | {csv_cell(backends[0])} | "
                 f"{csv_cell(backends[1])} | < {CSV_SECONDS * rows / 50_000:g} s | "
                 f"{verdict(csvs, lambda c: c['seconds'] < CSV_SECONDS * c['rows'] / 50_000)} |")

    def api_cell(r):
        if r is None or "api" not in r:
            return "not run"
        return f"{r['api']['leads_per_s']:,} leads/s ({r['api']['seconds']:.1f} s)"

    apis = [r.get("api") if r else None for r in backends]
    shape = next((f"{a['batches']} × {a['batch_size']:,}, {a['clients']} client"
                  for a in apis if a), "")
    lines.append(f"| API hand-off `POST /api/v1/leads` ({shape}) | {api_cell(backends[0])} | "
                 f"{api_cell(backends[1])} | ≥ {API_LEADS_PER_S:,} leads/s | "
                 f"{verdict(apis, lambda a: a['leads_per_s'] >= API_LEADS_PER_S)} |")
    return "\n".join(lines)


def notes(results: dict) -> str:
    out = []
    for backend in ("sqlite", "postgresql"):
        r = results.get(backend)
        if not r:
            continue
        for name, page in r["pages"].items():
            if page["status"] == 200 and page.get("p95_ms", 0) < PAGE_MS:
                continue
            sql = page["slowest_sql"][0] if page["slowest_sql"] else None
            out.append(f"- {backend}, {name}: slowest statement "
                       + (f"{sql[0]} ms: `{sql[1][:400]}`" if sql else "none")
                       + (f"; profile: `{page['profile']}`" if page.get("profile") else ""))
        for key in ("csv", "api"):
            if r.get(key, {}).get("profile"):
                out.append(f"- {backend}, {key}: profile `{r[key]['profile']}`")
    return "\n".join(out)


def write_latest(results: dict) -> str:
    lines = ["# Lead feedback loop at scale", ""]
    for backend, title in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        r = results.get(backend)
        if r:
            c = r.get("csv", {})
            a = r.get("api", {})
            lines.append(f"- {title}: {r['date']}, `{r['command']}` (from the repository root); "
                         f"{r['data']['demo_leads']:,} demo leads + {r['leads_requested']:,} "
                         f"bulk leads; CSV {c.get('created', 0):,} new + "
                         f"{c.get('updated', 0):,} re-imported rows; lead page: lead "
                         f"{r['context']['lead_id']}, month {r['context']['month']}"
                         + (f"; API: {a['batches']} × {a['batch_size']} leads, "
                            f"{a['clients']} client, gunicorn 2 sync workers" if a else ""))
    lines += [f"- Machine: {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, "
              f"{platform.platform()}",
              "- Pages: Flask test client in-process, signed in; median and p95 over the "
              "requests after one warm-up; queries counted on the demo data and on the big "
              "database", "", table(results), ""]
    extra = notes(results)
    if extra:
        lines += ["Over target:", "", extra, ""]
    text = "\n".join(lines)
    LATEST_MD.write_text(text)
    return text


# --- Main --------------------------------------------------------------------

def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=500_000, help="bulk leads to add")
    parser.add_argument("--attempts-per-lead", type=int, default=4)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--goals", type=int, default=200,
                        help="bulk goals of this quarter added with the leads; 0 skips them")
    parser.add_argument("--goal-check-ins", type=int, default=4000,
                        help="check-ins spread over the bulk goals")
    parser.add_argument("--meetings", type=int, default=2000,
                        help="bulk meetings added with the leads; 0 skips them")
    parser.add_argument("--actions", type=int, default=20000,
                        help="action items spread over the bulk meetings")
    parser.add_argument("--csv-rows", type=int, default=50_000, help="0 skips the CSV import")
    parser.add_argument("--csv-reimport", type=float, default=0.05,
                        help="share of CSV rows that re-import existing leads")
    parser.add_argument("--api-batches", type=int, default=20, help="0 skips the API run")
    parser.add_argument("--api-batch-size", type=int, default=1000)
    parser.add_argument("--api-clients", type=int, default=1,
                        help="concurrent HTTP clients posting batches")
    parser.add_argument("--postgres", metavar="URL",
                        help="run against PostgreSQL: a fresh database on this server")
    parser.add_argument("--postgres-from-env", action="store_true",
                        help="--postgres $TEST_DATABASE_URL (scripts/with-postgres.sh)")
    parser.add_argument("--also-sqlite", action="store_true",
                        help="with --postgres, run SQLite too (else its last results are kept)")
    parser.add_argument("--profile", action="store_true",
                        help="pyinstrument whatever is over target into bench/profiles/")
    parser.add_argument("--show-queries", action="store_true",
                        help="print each page's SQL statements with their times to stderr")
    parser.add_argument("--keep", action="store_true",
                        help="keep the databases (temp dir, PostgreSQL database) to inspect")
    args = parser.parse_args()
    if args.postgres_from_env:
        args.postgres = os.environ.get("TEST_DATABASE_URL")
        if not args.postgres:
            sys.exit("--postgres-from-env: TEST_DATABASE_URL is not set")
    if args.leads < 0 or args.requests < 1 or args.api_batch_size > 1000:
        sys.exit("--leads >= 0, --requests >= 1, --api-batch-size <= 1000")
    return args


def main() -> int:
    args = parse_args()
    backends = (["sqlite"] if not args.postgres or args.also_sqlite else []) + \
        (["postgresql"] if args.postgres else [])
    results = load_results()
    tmp = Path(tempfile.mkdtemp(prefix="alinea-leads-scale-"))
    try:
        for backend in backends:
            drop = None
            if backend == "sqlite":
                url = "sqlite:///" + str(tmp / "leads.db")
            else:
                url, drop = fresh_postgres(args.postgres)
            try:
                results[backend] = run_backend(backend, url, tmp, args)
            finally:
                if drop and not args.keep:
                    drop()
                elif drop:
                    log(f"kept PostgreSQL database {url}")
            LATEST_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(write_latest(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
