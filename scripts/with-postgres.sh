#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server: TEST_DATABASE_URL points at it; removed on exit.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
DIR=$(mktemp -d /tmp/alinea-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
as_postgres "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres --no-sync >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
as_postgres "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres alinea_test
export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/alinea_test"
"$@"
