#!/usr/bin/env bash
# The whole suite: lint, every test on SQLite (browser and page quality included), then the
# service and view tests again on a throwaway PostgreSQL, then the multi-host run (bench/multihost/).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
bash scripts/test-tools.sh
echo "== ruff"
$BIN/ruff check workspace tests bench scripts
echo "== pytest on SQLite (all tests, browser included)"
$BIN/pytest -q -m "not multihost"
echo "== pytest on PostgreSQL (service, view and migration tests)"
bash scripts/with-postgres.sh $BIN/pytest -q -m "not browser and not multihost"
echo "== two app hosts, one PostgreSQL, one Redis (about two minutes; starts its own servers)"
$BIN/pytest -q -m multihost tests/test_multihost.py
