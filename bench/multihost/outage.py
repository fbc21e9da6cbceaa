"""The outage run: what clients see while PostgreSQL is stopped and started under the hosts."""

import itertools
import threading
import time
import urllib.request

from bench.multihost.accounts import HEAD_OF_MARKETING
from bench.multihost.clients import Answer, Browser, api
from bench.multihost.load import LEAD
from bench.multihost.servers import Cluster, wait_for


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
