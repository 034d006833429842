"""The load test (benchmarks/load/run_load.py) runs end to end, small: 10 users for 60 seconds.

The driver runs in a subprocess: its own settings and a throwaway SQLite file (migrate, demo
content, 300 generated reports), gunicorn with the production settings, the search worker and
Locust, all on loopback. It uses the test suite's OpenSearch (ports and state folder from
tests/search/engines.py), so CI runs one engine and, under CI=true, an engine that cannot start
fails the test instead of skipping it. The fault phase (engine outage, editor publishing) needs
more than the smoke's time budget; `make load` and `make load-smoke` run it.

Latency targets are reported by the driver, not asserted here: timings on a shared test machine
would make the test flaky. Its exit code reflects errors and broken invariants only.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench_index import BenchmarkError, ensure_engine, stop_engine
from tests.search import engines

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "load" / "run_load.py"
PORT = engines.PORTS["opensearch"]
SMOKE_TIMEOUT = 600  # about two minutes on an idle machine: preparing the database, 60 s of load, stopping
USERS, SECONDS = 10, 60


@pytest.fixture(scope="module")
def suite_opensearch():
    """The suite's OpenSearch; stopped at the end only if this fixture started it."""
    try:
        url, started_here = ensure_engine("opensearch", PORT, engines.STATE_DIR)
    except (BenchmarkError, subprocess.TimeoutExpired) as error:
        message = f"opensearch could not start:\n{error}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(f"{message}\n(Under CI=true this is a failure, not a skip.)")
    yield url
    if started_here:
        stop_engine("opensearch", engines.STATE_DIR)


def test_ten_users_for_a_minute_get_every_page_search_and_suggestion_without_errors(suite_opensearch, tmp_path):
    out = tmp_path / "load.json"
    command = [
        sys.executable,
        str(SCRIPT),
        "--users",
        str(USERS),
        "--duration",
        str(SECONDS),
        "--phases",
        "plain",
        "--docs",
        "300",
        "--workers",
        "2",
        # The engine already runs: the driver reuses it and leaves it running.
        "--state-dir",
        str(engines.STATE_DIR),
        "--engine-port",
        str(PORT),
        "--out",
        str(out),
        "--no-progress",
    ]
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "SEARCH_URL")}
    driver = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = driver.communicate(timeout=SMOKE_TIMEOUT)
    except subprocess.TimeoutExpired:
        # SIGTERM, not SIGKILL: the driver then stops gunicorn, the worker and Locust itself.
        driver.terminate()
        stdout, stderr = driver.communicate(timeout=120)
        pytest.fail(f"the load smoke took over {SMOKE_TIMEOUT} s:\n{stdout}\n{stderr[-4000:]}")
    assert out.exists(), f"no results (exit {driver.returncode}):\n{stdout}\n{stderr[-4000:]}"
    data = json.loads(out.read_text())
    assert driver.returncode == 0, f"{stdout}\n{stderr[-4000:]}"

    assert "error" not in data
    assert data["rate_limits"] == {"SEARCH_RATE_LIMIT": "100000/m", "SUGGEST_RATE_LIMIT": "100000/m"}
    # Every page kind of the mix had content to request.
    assert set(data["plan"]) == {"home", "experience_index", "experience", "municipality", "guide", "theme"}
    phase = data["phases"]["plain"]
    assert phase["violations"] == []
    for name in ("page", "search", "suggest", "all"):
        figures = phase["classes"][name]
        assert figures["requests"] > 0, name
        assert figures["failures"] == 0 and figures["error_rate_pct"] == 0, (name, phase.get("failure_samples"))
        assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"], name
        assert figures["requests_per_s"] > 0, name
    classes = phase["classes"]
    # The mix is 70/20/10: pages outnumber searches, which outnumber suggestions.
    assert classes["page"]["requests"] > classes["search"]["requests"] > classes["suggest"]["requests"]
    assert set(phase["targets"]) == {"page", "search"}
    assert all(isinstance(target["met"], bool) for target in phase["targets"].values())
