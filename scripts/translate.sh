#!/usr/bin/env bash
# Re-extracts the marked strings, merges them into the Spanish catalog, sets the given
# translations ('msgid=msgstr', see po_set.py) and compiles. Serialised with a lock, so two
# people (or helpers) translating at once never overwrite each other's catalog.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
exec 9>/tmp/alinea-translate.lock
flock 9
$BIN/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output -o translations/messages.pot . >/dev/null 2>&1
$BIN/pybabel update -i translations/messages.pot -d translations --ignore-obsolete --no-fuzzy-matching >/dev/null
if [ "$#" -gt 0 ]; then $BIN/python scripts/po_set.py "$@"; fi
$BIN/pybabel compile -d translations >/dev/null
