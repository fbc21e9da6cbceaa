"""The load run: every client through both hosts while one is SIGKILLed, and its ledger."""

import itertools
import json
import threading
import time
from collections import Counter, defaultdict

from bench.multihost.accounts import GOAL_EDITORS, HEAD_OF_SALES, SIGNERS, TERM_EDITORS
from bench.multihost.clients import CONNECTION_LOST, Answer, Browser, EditForm, api
from bench.multihost.servers import Cluster


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
