"""Several app hosts, one PostgreSQL, one Redis: the processes an operator runs, and a load run.

`servers.Cluster` starts a throwaway PostgreSQL 15, a Debian `redis-server` and two gunicorn app
servers on their own ports, prepared with the README's commands (`flask db upgrade`,
`flask seed-demo`, `flask create-api-token`). `load.load_run` sends sign-ins, glossary and goal
saves, lead hand-offs, attempts and ratings through both servers, SIGKILLs one mid-run and starts
it again, and returns a `Ledger` of what was acknowledged; `outage.outage_run` stops PostgreSQL
under the clients and starts it again; `tests/test_multihost.py` then reads the database.
Clients (`clients`) talk to the servers with the stdlib only, each from its own address
(`X-Forwarded-For`, as a reverse proxy would send it; the servers run with PROXY_FIX_HOPS=1).

    .venv/bin/python -m bench.multihost      # the load run alone, printing its ledger
"""
