"""`make run` as a newcomer runs it: the real engine, a short console, the real 404, and Ctrl-C stops it all.

Each run is `make run` itself (without the install step, which the suite's environment already
is), in its own session as a terminal would run it, with a temporary database, media and state
folder, the web server on 8276 and OpenSearch on 9276. Ctrl-C is SIGINT to the whole process
group, as the terminal sends it. The engine starts once, for the first run; the second run
finds the data and index kept; the fallback runs reuse the migrated database.
"""

import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB_PORT = int(os.environ.get("TEST_MAKE_RUN_PORT", "8276"))
ENGINE_PORT = int(os.environ.get("TEST_MAKE_RUN_ENGINE_PORT", "9276"))
STARTUP = 900  # seconds: a cold engine start and the demo load on a loaded two-core machine
WHERE = f"Erfa is at http://127.0.0.1:{WEB_PORT}/"

pytestmark = pytest.mark.slow


class Run:
    """One `make run` in its own process group; its console lines are collected as they come."""

    def __init__(self, env):
        self.process = subprocess.Popen(  # noqa: S603
            ["make", "-s", "-o", "install", "run", f"PORT={WEB_PORT}", f"ENGINE_PORT={ENGINE_PORT}"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_until_serving(self):
        started = time.monotonic()
        while time.monotonic() - started < STARTUP:
            if any(line.startswith(WHERE) for line in self.lines):
                print(f"make run served after {time.monotonic() - started:.0f} s")  # shown with -s
                return
            if self.process.poll() is not None:
                self.reader.join(5)
                pytest.fail("make run stopped before serving:\n" + "\n".join(self.lines))
            time.sleep(0.5)
        self.interrupt()
        pytest.fail("make run did not serve in time:\n" + "\n".join(self.lines))

    def descendants(self):
        """Pids of every process below make (the launcher, server, worker) by their parent pids."""
        parents = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        found, todo = [], [self.process.pid]
        while todo:
            children = parents.get(todo.pop(), [])
            found += children
            todo += children
        return found

    def interrupt(self):
        """Ctrl-C: SIGINT to the foreground process group, as a terminal sends it."""
        os.killpg(self.process.pid, signal.SIGINT)
        returncode = self.process.wait(timeout=180)
        self.reader.join(10)
        return returncode


def alive(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def listening(port):
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def search(query):
    return json.loads(get(f"http://127.0.0.1:{WEB_PORT}/api/search/?q={query}")[1])


def engine_answers(query, deadline=120):
    """Poll until the engine (not the fallback) answers: a cold engine's first query may time out, and
    the breaker then holds searches on the database for a while."""
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        answer = search(query)
        if answer["engine"] == "opensearch":
            return answer
        time.sleep(2)
    pytest.fail(f"search stayed on {answer['engine']}: {answer}")


def engine_index():
    status, body = get(f"http://127.0.0.1:{ENGINE_PORT}/_cat/aliases/erfa_pages?format=json")
    assert status == 200
    (alias,) = json.loads(body)
    count = json.loads(get(f"http://127.0.0.1:{ENGINE_PORT}/erfa_pages/_count")[1])["count"]
    return alias["index"], count


@pytest.fixture(scope="module")
def run_env(tmp_path_factory):
    if listening(WEB_PORT) or listening(ENGINE_PORT):
        pytest.fail(f"ports {WEB_PORT}/{ENGINE_PORT} are taken; this test needs them free")
    folder = tmp_path_factory.mktemp("make_run")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SEARCH_", "DJANGO_", "ADMIN_", "DATABASE_", "ENGINE"))
        and key not in ("SEARCH", "DEBUG", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    }
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        RUN_STATE_DIR=str(folder / "state"),
        SECRET_KEY="make-run-test",
        # The launcher is under test, not the model: vectors would only slow each start.
        SEARCH_HYBRID="0",
    )
    return env, folder


def test_make_run_serves_the_engine_stops_on_ctrl_c_and_keeps_data_and_index(run_env):
    env, folder = run_env
    first = Run(env)
    try:
        first.wait_until_serving()
        assert first.lines[0] == f"Search: OpenSearch at http://127.0.0.1:{ENGINE_PORT} (data in {folder / 'state'})."
        assert len(first.lines) == 2 and first.lines[-1].startswith(WHERE)
        assert "sign in at" in first.lines[-1] and "as admin with password " in first.lines[-1]

        status, page = get(f"http://127.0.0.1:{WEB_PORT}/erfaringer/finnes-ikke/")
        assert status == 404
        assert "Fant ikke siden" in page and "URLconf" not in page

        answer = engine_answers("velferdsteknolgi")  # a typo, rescued by the engine
        assert answer["total"] > 0
        index, count = engine_index()
        assert count > 0

        engine_pid = int((folder / "state" / "opensearch.pid").read_text().split()[0])
        started = [*first.descendants(), engine_pid]
        assert all(alive(pid) for pid in started)
    finally:
        returncode = first.interrupt()
    assert returncode in (0, -signal.SIGINT)  # make itself may end by the SIGINT it was sent
    assert len(first.lines) == 2, first.lines
    assert not [pid for pid in started if alive(pid)]
    assert not listening(WEB_PORT) and not listening(ENGINE_PORT)

    second = Run(env)
    try:
        second.wait_until_serving()
        assert len(second.lines) == 2 and second.lines[-1].startswith(WHERE)
        assert "with the password shown on the first run" in second.lines[-1]
        assert engine_index() == (index, count)  # the same index, not rebuilt
        assert engine_answers("velferdsteknolgi")["total"] == answer["total"]
    finally:
        second.interrupt()
    assert not listening(WEB_PORT) and not listening(ENGINE_PORT)


def test_make_run_without_java_serves_the_database_backend_and_says_why_in_one_line(run_env):
    env, folder = run_env
    hidden = {**env, "JAVA_HOME": "/nonexistent", "ENGINE_JVM_DIR": str(folder / "no-jvm")}
    run = Run(hidden)
    try:
        run.wait_until_serving()
        assert len(run.lines) == 2 and run.lines[-1].startswith(WHERE)
        assert run.lines[0].startswith(
            "Search: Wagtail's database backend, because OpenSearch could not start (no Java"
        )
        assert "install a JDK 21+ and Maven" in run.lines[0]
        assert not listening(ENGINE_PORT)
        assert search("velferdsteknologi")["engine"] == "database"
    finally:
        run.interrupt()
    assert not listening(WEB_PORT)


def test_search_database_make_run_starts_no_engine(run_env):
    env, _folder = run_env
    run = Run({**env, "SEARCH": "database"})
    try:
        run.wait_until_serving()
        assert run.lines[0] == "Search: Wagtail's database backend (SEARCH=database)."
        assert len(run.lines) == 2 and run.lines[-1].startswith(WHERE)
        assert not listening(ENGINE_PORT)
        assert search("velferdsteknologi")["engine"] == "database"
    finally:
        run.interrupt()
    assert not listening(WEB_PORT)
