"""Several Erfa processes on one database file and one cache server, as a deployment runs them.

``redis_server``: Debian's redis-server (``make redis``) on a loopback port with a temporary
folder, started once per session and stopped at its end. ``deployment``: the test's database
copied to a file, and a way to start processes (gunicorn servers, workers) on it.
"""

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from django.db import connection

from tests.search import engines
from tests.search.conftest import engine_urls  # noqa: F401 - the real engines, for the outbox test

ROOT = Path(__file__).resolve().parents[2]
REDIS_PORT = 9280
SERVER_PORTS = (9281, 9282)
START_TIMEOUT = 120


def wait_for_port(port, process, timeout=START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process on port {port} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port} after {timeout} s")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def redis_server():
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(binary):
        engines.unavailable("redis-server is not installed (make redis installs Debian's package)")
    folder = tempfile.mkdtemp(prefix="erfa-redis-")
    process = subprocess.Popen(
        [binary, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--dir", folder, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(REDIS_PORT, process, timeout=30)
        yield f"redis://127.0.0.1:{REDIS_PORT}/0"
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


class Deployment:
    def __init__(self, folder, redis_url):
        self.folder = folder
        self.database = folder / "erfa.sqlite3"
        self.mail = folder / "mail"
        self.mail.mkdir()
        self.redis_url = redis_url
        self.processes = []

    def copy_database(self):
        """The test's committed rows, in a file every started process opens."""
        connection.ensure_connection()
        target = sqlite3.connect(self.database)
        connection.connection.backup(target)
        # As the site's own settings make it: readers never wait for a writer.
        target.execute("PRAGMA journal_mode=WAL")
        target.close()

    def environment(self, **extra):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.deployment.settings",
            "DEPLOY_DATABASE_URL": f"sqlite:///{self.database}",
            "DEPLOY_MAIL_DIR": str(self.mail),
            "PYTHONPATH": str(ROOT),
            **{key: str(value) for key, value in extra.items()},
        }
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        else:
            env.pop("REDIS_URL", None)
        return env

    def start(self, command, **env):
        log = open(self.folder / f"process-{len(self.processes)}.log", "w")  # noqa: SIM115 - closed with the folder
        process = subprocess.Popen(command, cwd=ROOT, env=self.environment(**env), stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def gunicorn(self, port, **env):
        process = self.start(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"], **env
        )
        wait_for_port(port, process)
        return f"http://127.0.0.1:{port}"

    def manage(self, *args, **env):
        return self.start([sys.executable, "manage.py", *args], **env)

    def logs(self):
        return "\n".join(path.read_text(errors="replace")[-3000:] for path in sorted(self.folder.glob("process-*.log")))

    def outputs(self):
        """The last line each started process wrote."""
        return [
            (path.read_text(errors="replace").strip().splitlines() or [""])[-1]
            for path in sorted(self.folder.glob("process-*.log"))
        ]

    def query(self, sql, *params):
        with sqlite3.connect(self.database, timeout=20) as db:
            return db.execute(sql, params).fetchall()

    def wait(self, *processes, timeout=300):
        for process in processes:
            process.wait(timeout=timeout)
        return [process.returncode for process in processes]

    @contextlib.contextmanager
    def writes_held(self, *processes, timeout=START_TIMEOUT):
        """Hold SQLite's write lock until each process has the database open, then a moment more.

        The processes start, read and queue up for their first write together, so whatever
        they do at once really overlaps (started one after the other, one could be done before
        the other reads anything).
        """
        lock = sqlite3.connect(self.database, timeout=20, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        try:
            yield
            deadline = time.monotonic() + timeout
            while not all(self._has_open(process) for process in processes):
                if time.monotonic() > deadline or any(process.poll() is not None for process in processes):
                    break
                time.sleep(0.1)
            time.sleep(1)
        finally:
            lock.execute("ROLLBACK")
            lock.close()

    def _has_open(self, process):
        try:
            fds = os.listdir(f"/proc/{process.pid}/fd")
        except FileNotFoundError:
            return False
        for fd in fds:
            try:
                if os.readlink(f"/proc/{process.pid}/fd/{fd}") == str(self.database):
                    return True
            except OSError:
                continue
        return False

    def stop_all(self):
        for process in self.processes:
            stop(process)


@pytest.fixture
def deployment(db, tmp_path, redis_server):
    """Needs pytest.mark.django_db(transaction=True, serialized_rollback=True): rows must be committed."""
    import redis

    redis.Redis.from_url(redis_server).flushall()
    running = Deployment(tmp_path, redis_server)
    yield running
    running.stop_all()


# Behind one load balancer every server sees the site's one host name.
SITE_HOST = "erfa.test"


def get(url, **headers):
    """(status, body, headers) of a GET without cookies, as an anonymous reader's first visit."""
    request = urllib.request.Request(url, headers={"Host": SITE_HOST, **headers})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback test servers
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers
