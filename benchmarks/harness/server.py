"""The site served for real: ``gunicorn config.wsgi`` with the production settings, and other child processes.

Everything listens on 127.0.0.1 only, on a free port, with a throwaway SECRET_KEY and database;
each child writes its output to a log file in the run's folder.
"""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import BenchmarkError
from benchmarks.harness.engines import ROOT

START_TIMEOUT = 120
# Settings of the caller's shell that would point the served app elsewhere.
FOREIGN_PREFIXES = ("SEARCH_", "DJANGO_", "DATABASE_", "ERFA_", "LOAD_", "SUGGEST_", "PAGE_CACHE_")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_environment(database_url, folder, *, search=None, **settings):
    """The served app's environment: production settings on ``database_url``, files in ``folder``.

    ``search``: ``{"url", "engine", "prefix"}`` of the engine index, or None for the database
    backend. ``settings`` are further environment variables (rate limits, timeouts, page cache).
    """
    import os

    env = {key: value for key, value in os.environ.items() if not key.startswith(FOREIGN_PREFIXES)}
    (Path(folder) / "static").mkdir(exist_ok=True)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="erfa-benchmark-only",  # noqa: S106 - loopback only, throwaway data
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(Path(folder) / "static"),
        MEDIA_ROOT=str(Path(folder) / "media"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if search:
        env.update(SEARCH_URL=search["url"], SEARCH_ENGINE=search["engine"], SEARCH_INDEX=search["prefix"])
    env.update({key: str(value) for key, value in settings.items()})
    return env


class Process:
    """A child process with its output in ``<folder>/<name>.log``; stopped with SIGTERM, then SIGKILL."""

    def __init__(self, name, command, env, folder):
        self.name = name
        self.log_path = Path(folder) / f"{name}.log"
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def alive(self):
        return self.process.poll() is None

    def stop(self, timeout=30):
        if self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's master stops its workers
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_text(self):
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def tail(self, lines=30):
        return "\n".join(self.log_text().splitlines()[-lines:])


class GunicornServer:
    """``gunicorn config.wsgi`` on a free loopback port; started when ``ready_path`` answers 200."""

    def __init__(self, env, folder, *, workers, threads=1, ready_path="/", name="gunicorn", options=()):
        self.env, self.folder, self.name = env, folder, name
        self.workers, self.threads = workers, threads
        self.ready_path = ready_path
        self.options = list(options)
        self.process = None
        self.port = None

    def start(self):
        import urllib3

        self.port = free_port()
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(self.workers),
            "--threads", str(self.threads), "-b", f"127.0.0.1:{self.port}", "--log-level", "warning",
            # On stop, workers get this long to finish a request (a database search can take seconds).
            "--graceful-timeout", "10", *self.options,
        ]  # fmt: skip
        self.process = Process(self.name, command, self.env, self.folder)
        pool = urllib3.HTTPConnectionPool("127.0.0.1", self.port, maxsize=1, retries=False, timeout=5.0)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if not self.process.alive():
                raise BenchmarkError(f"gunicorn exited ({self.process.process.returncode}):\n{self.tail()}")
            try:
                if pool.request("GET", self.ready_path).status == 200:
                    return self
            except urllib3.exceptions.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise BenchmarkError(f"gunicorn did not answer within {START_TIMEOUT} s:\n{self.tail()}")

    def alive(self):
        return self.process is not None and self.process.alive()

    def stop(self):
        if self.process is not None:
            self.process.stop()

    def log_text(self):
        return self.process.log_text() if self.process else ""

    def tail(self, lines=30):
        return self.process.tail(lines) if self.process else ""


def collectstatic(env):
    """Static files for WhiteNoise, into the STATIC_ROOT of ``env``."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise BenchmarkError(f"collectstatic failed:\n{result.stdout}\n{result.stderr}")


class RedisServer:
    """Debian's redis-server (``make redis``) on a free loopback port, nothing saved to disk.

    The shared cache production runs with (REDIS_URL): what one worker caches, such as a
    query's vector, every worker finds, as it would in production.
    """

    def __init__(self, folder):
        self.folder = folder
        self.process = None
        self.port = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        import os

        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            raise BenchmarkError("redis-server is not installed (make redis installs Debian's package)")
        self.port = free_port()
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        command += ["--save", "", "--appendonly", "no"]
        self.process = Process("redis", command, dict(os.environ), self.folder)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if not self.process.alive():
                raise BenchmarkError(f"redis-server exited:\n{self.process.tail()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise BenchmarkError(f"redis-server did not listen within {START_TIMEOUT} s")

    def flush(self):
        import redis

        redis.Redis.from_url(self.url).flushall()

    def stop(self):
        if self.process is not None:
            self.process.stop()
