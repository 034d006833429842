"""The server the browser tests and the screenshots drive: `manage.py runserver` in a subprocess on a
migrated file SQLite database with the demo content, indexed into OpenSearch (started through
tests/search/engines.py on the test ports). Set E2E_BASE_URL to drive a server you already run instead
(it must have been prepared with `python -m e2e.prepare`).
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from tests.accounts import oidc_server
from tests.search import engines

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "e2e"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the e2e server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"the e2e server did not answer within {timeout}s:\n{log.read_text()[-3000:]}")


def _drop_indexes(engine_url, prefix):
    """Delete this run's indexes by name (engines may refuse wildcard deletes)."""
    try:
        with urllib.request.urlopen(f"{engine_url}/_cat/indices/{prefix}*?format=json", timeout=10) as response:
            names = [row["index"] for row in json.load(response)]
        for name in names:
            request = urllib.request.Request(f"{engine_url}/{name}", method="DELETE")
            urllib.request.urlopen(request, timeout=10).close()
    except (urllib.error.URLError, OSError, ValueError):
        pass


class Server:
    def __init__(self, url):
        self.url = url.rstrip("/")

    def __call__(self, path=""):
        return self.url + path


@contextlib.contextmanager
def running_server():
    """The e2e server (or the one E2E_BASE_URL names) for as long as the block runs."""
    if os.environ.get("E2E_BASE_URL"):
        yield Server(os.environ["E2E_BASE_URL"])
        return

    started_engine = not engines.is_running("opensearch")
    engine_url = engines.start("opensearch")
    workdir = Path(tempfile.mkdtemp(prefix="erfa-e2e-"))
    prefix = f"erfa_e2e_{uuid.uuid4().hex[:8]}_"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "e2e.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "E2E_MEDIA_ROOT": str(workdir / "media"),
        "SEARCH_URL": engine_url,
        "SEARCH_ENGINE": engines.BACKEND_SETTING["opensearch"],
        "SEARCH_INDEX": prefix,
        # A loaded test machine must not turn real results into database fallbacks.
        "SEARCH_TIMEOUT": "10",
        "SEARCH_WRITE_TIMEOUT": "5",
        "PYTHONUNBUFFERED": "1",
        # Sign-in through the organisation's provider (e2e/test_oidc_journey.py starts it on demand;
        # until then the button is there and nothing else depends on it).
        "OIDC_PROVIDERS_JSON": json.dumps({"entra": oidc_server.entra_provider()}),
    }
    subprocess.run([sys.executable, "-m", "e2e.prepare"], cwd=ROOT, env=env, check=True)
    port = _free_port()
    log = workdir / "server.log"
    with log.open("w") as log_file:
        # --insecure serves static files with DEBUG off, so the 404/500 pages are the production ones.
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(f"http://127.0.0.1:{port}/", process, log)
        yield Server(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(log, ARTIFACTS / "server.log")
        _drop_indexes(engine_url, prefix)
        shutil.rmtree(workdir, ignore_errors=True)
        if started_engine:
            engines.stop("opensearch")
