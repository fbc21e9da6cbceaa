"""Two app hosts, one PostgreSQL, one Redis, run as an operator would (bench/multihost/):
after a load run with a host SIGKILLed, every acknowledged write is in the database once; limits,
presence and notices are shared; a database restart costs 503s, never a half-written import.

Run by scripts/test-all.sh's own step (`pytest -m multihost`); it starts its own PostgreSQL."""

import re
import threading
from collections import Counter

import pytest

from bench.multihost.accounts import HEAD_OF_MARKETING, HEAD_OF_SALES
from bench.multihost.clients import Browser, EditForm
from bench.multihost.load import load_run
from bench.multihost.outage import BATCH, outage_run
from bench.multihost.servers import Cluster

pytestmark = [pytest.mark.multihost, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def cluster():
    running = Cluster()
    yield running
    running.close()


@pytest.fixture(scope="module")
def ledger(cluster):
    return load_run(cluster)


def stored(cluster, query: str) -> Counter:
    return Counter(dict(cluster.sql(query)))


def test_the_load_run_reached_both_hosts_and_met_no_server_error(ledger):
    kinds = {kind for kind, _ in ledger.statuses}
    assert kinds >= {"lead", "attempt", "rating", "term", "goal", "sign-in"}
    assert all(ledger.acked[kind] for kind in ("lead", "attempt", "rating", "term", "goal"))
    assert ledger.unexpected == []  # no 5xx, no 409 without its merge view
    assert ledger.refused["term"] and ledger.refused["goal"], "the editors never collided"
    assert len(ledger.acked["session-elsewhere"]) == len(ledger.acked["sign-in"]) - len(
        ledger.in_doubt["session-elsewhere"])


def test_every_acknowledged_lead_attempt_and_rating_is_stored_exactly_once(cluster, ledger):
    leads = stored(cluster, "SELECT external_id, count(*) FROM leads "
                            "WHERE external_id LIKE 'mh-%' GROUP BY external_id")
    assert set(ledger.acked["lead"]) <= set(leads)
    assert set(leads) <= set(ledger.acked["lead"]) | set(ledger.in_doubt["lead"])
    assert max(leads.values()) == 1
    for kind, query in (
            ("attempt", "SELECT note, count(*) FROM contact_attempts WHERE note LIKE 'mh-%' "
                        "GROUP BY note"),
            ("rating", "SELECT comment, count(*) FROM ratings WHERE comment LIKE 'mh-%' "
                       "GROUP BY comment")):
        rows = stored(cluster, query)
        assert all(rows[item] == 1 for item in ledger.acked[kind]), kind
        assert set(rows) <= set(ledger.acked[kind]) | set(ledger.in_doubt[kind]), kind
        assert max(rows.values()) == 1, kind


@pytest.mark.parametrize("kind, table", [("term", "term_revisions"), ("goal", "goal_revisions")])
def test_no_save_was_stored_twice_or_overwrote_another(cluster, ledger, kind, table):
    document = cluster.sql(f"SELECT document_id FROM {table} WHERE summary LIKE 'mh-%' LIMIT 1")
    revisions = cluster.sql(f"SELECT number, summary FROM {table} WHERE document_id = %s "
                            "ORDER BY number", document[0][0])
    numbers = [number for number, _ in revisions]
    assert numbers == list(range(1, len(numbers) + 1))  # one chain, no gap, no repeat
    number_of = {summary: number for number, summary in revisions if summary.startswith("mh-")}
    assert len(number_of) == len([s for _, s in revisions if s.startswith("mh-")])
    # Each acknowledged save became the revision right after the one it was based on.
    assert {marker: number_of.get(marker) for marker, _ in ledger.acked[kind]} == {
        marker: base + 1 for marker, base in ledger.acked[kind]}
    assert not set(number_of) & {marker for marker, _ in ledger.refused[kind]}


def test_the_monthly_sums_equal_a_count_over_the_leads(cluster, ledger):
    from tests.test_lead_stats import live, summed
    from workspace import create_app
    from workspace.config import config_for_tests
    from workspace.extensions import db

    app = create_app(config_for_tests(cluster.postgres.url))
    with app.app_context():
        try:
            assert summed() == live()
            assert any(key[3] == "multihost" for key in summed())
        finally:
            db.session.remove()
            db.engine.dispose()


def test_two_saves_from_one_base_on_two_hosts_one_wins_one_gets_the_merge_view(cluster):
    first, second = (app.url for app in cluster.apps)
    term = cluster.sql("SELECT slug FROM terms ORDER BY id DESC LIMIT 1")[0][0]
    lucia, david = Browser(), Browser()
    assert lucia.sign_in(first, HEAD_OF_MARKETING).status == 303
    assert david.sign_in(second, HEAD_OF_SALES).status == 303
    path = f"/glossary/{term}/edit"
    forms = [EditForm(lucia.request(first + path).body).fields,
             EditForm(david.request(second + path).body).fields]
    assert dict(forms[0])["base_revision"] == dict(forms[1])["base_revision"]
    barrier, answers = threading.Barrier(2), {}

    def save(who, browser, host, form):
        browser.post(host, "/__csrf__", {})  # the token fetched before the race
        barrier.wait()
        answers[who] = browser.post(host, path, [
            (name, f"Definition by {who}" if name == "definition" else value)
            for name, value in form])

    threads = [threading.Thread(target=save, args=("Lucía", lucia, first, forms[0])),
               threading.Thread(target=save, args=("David", david, second, forms[1]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answer.status for answer in answers.values()) == [303, 409]
    loser = next(who for who, answer in answers.items() if answer.status == 409)
    assert 'id="conflict-title"' in answers[loser].body and f"Definition by {loser}" in \
        answers[loser].body  # nothing typed is lost


def test_the_per_address_sign_in_limit_counts_across_hosts(cluster):
    hosts, address = [app.url for app in cluster.apps], "198.51.100.30"
    statuses = [Browser(address).sign_in(hosts[n % 2], HEAD_OF_MARKETING).status
                for n in range(30)]  # the form's limit: 30 a minute per address
    assert 429 not in statuses
    assert Browser(address).sign_in(hosts[0], HEAD_OF_MARKETING).status == 429
    assert Browser(address).sign_in(hosts[1], HEAD_OF_MARKETING).status == 429
    assert Browser("198.51.100.31").sign_in(hosts[1], HEAD_OF_MARKETING).status == 303


def test_the_wrong_password_throttle_counts_across_hosts(cluster):
    hosts, address = [app.url for app in cluster.apps], "198.51.100.40"
    for n in range(5):  # SIGN_IN_FREE_FAILURES, split over the two hosts
        assert Browser(address).sign_in(hosts[n % 2], "marta.gil@demo.test",
                                        "wrong password").status == 422
    answer = Browser(address).sign_in(hosts[1], "marta.gil@demo.test")
    assert answer.status == 429 and int(answer.headers["Retry-After"]) > 0


def test_presence_and_change_notices_seen_on_one_host_come_from_the_other(cluster):
    first, second = (app.url for app in cluster.apps)
    term_id, slug, revision = cluster.sql(
        "SELECT id, slug, current_revision FROM terms ORDER BY id LIMIT 1")[0]
    lucia, david = Browser(), Browser()
    lucia.sign_in(first, HEAD_OF_MARKETING)
    david.sign_in(second, HEAD_OF_SALES)
    poll = f"/presence/term/{term_id}"
    assert lucia.post(first, poll, {"editing": "1", "revision": revision}).status == 200
    notice = david.post(second, poll, {"revision": revision})
    assert notice.status == 200 and re.search(r"Lucía Fernández (is editing|está editando)",
                                              notice.body), notice.body
    form = EditForm(lucia.request(first + f"/glossary/{slug}/edit").body).fields
    assert lucia.post(first, f"/glossary/{slug}/edit", [
        (name, "Changed on host one" if name == "examples" else value)
        for name, value in form]).status == 303
    notice = david.post(second, poll, {"revision": revision})
    assert "presence-changed" in notice.body and "Lucía Fernández" in notice.body


def test_a_database_restart_costs_clean_503s_and_no_half_import(cluster):
    outage = outage_run(cluster)
    statuses = Counter(status for _, status, _, _ in outage.answers)
    assert statuses[503], "the database stop was never seen"
    assert set(statuses) <= {200, 201, 303, 503}, statuses
    for kind, status, retry_after, body in outage.answers:
        if status == 503:
            assert retry_after and int(retry_after) > 0, kind
            assert "Traceback" not in body and "OperationalError" not in body, kind
            if kind == "import":
                assert '"errors"' in body
            if kind == "htmx":
                assert "<html" not in body
    assert outage.same_processes and outage.recovered_after < 10
    batches = stored(cluster, "SELECT split_part(external_id, '-', 3), count(*) FROM leads "
                              "WHERE external_id LIKE 'mh-batch-%' GROUP BY 1")
    for prefix, status in outage.batches.items():  # all or nothing; all when acknowledged
        count = batches.get(prefix.split("-")[2], 0)
        assert count in ((BATCH,) if status in (200, 201) else (0, BATCH)), (prefix, status)
    assert statuses[200] and statuses[201]  # served again after the restart
