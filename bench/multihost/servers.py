"""The processes an operator runs: a throwaway PostgreSQL, Redis, gunicorn hosts, and the cluster.

Each listens on a free port of 127.0.0.1; `Cluster` prepares them with the README's commands.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.multihost.accounts import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PGBIN = Path("/usr/lib/postgresql/15/bin")


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
