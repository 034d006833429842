"""The indexing benchmark (benchmarks/bench_index.py) still runs end to end, on a tiny data set.

The benchmark runs in a subprocess: it sets up Django with its own settings and a throwaway
SQLite file, which must not meet pytest-django's test database. It uses the test suite's
OpenSearch (tests/search/engines.py), so under CI=true an engine that cannot start fails.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.search import engines

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "bench_index.py"
SMOKE_TIMEOUT = 240


@pytest.fixture(scope="session")
def suite_opensearch():
    """The suite's OpenSearch; stopped at the end only if this fixture started it."""
    already = engines.is_running("opensearch")
    url = engines.start("opensearch")  # pytest.fail under CI=true, skip with the reason locally
    yield url
    if not already:
        engines.stop("opensearch")


def test_benchmark_reports_throughput_latency_per_engine_state_and_loses_nothing(suite_opensearch, tmp_path):
    out = tmp_path / "index.json"
    command = [
        sys.executable,
        str(SCRIPT),
        "--docs",
        "200",
        "--publishes",
        "5",
        "--engines",
        "opensearch",
        "--out",
        str(out),
        # The engine already runs in the test state folder: the benchmark reuses it and leaves it running.
        "--state-dir",
        str(engines.STATE_DIR),
        "--ports",
        f"opensearch={engines.PORTS['opensearch']}",
        "--no-progress",
    ]
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "SEARCH_URL")}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=SMOKE_TIMEOUT)
    assert out.exists(), f"no results (exit {result.returncode}):\n{result.stdout}\n{result.stderr[-4000:]}"
    data = json.loads(out.read_text())
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr[-4000:]}"

    opensearch = data["engines"]["opensearch"]
    assert data["docs"] == 200 and data["machine"]["cpu_count"] >= 1
    assert opensearch["version"].startswith("opensearch ")
    reindex = opensearch["reindex"]
    assert reindex["documents"] == 200
    assert reindex["docs_per_s"] > 0 and reindex["bulk_s"] > 0 and reindex["build_documents_s"] > 0
    assert opensearch["index"]["docs"] == 200 and opensearch["index"]["store_bytes"] > 0

    publish = opensearch["publish"]
    assert set(publish["scenarios"]) == {"up", "down", "hang"}
    for name, scenario in publish["scenarios"].items():
        assert scenario["all"]["n"] == 5, name
        assert 0 < scenario["all"]["p50_ms"] <= scenario["all"]["p95_ms"] <= scenario["all"]["max_ms"], name
        assert scenario["engine_attempts"] >= 1, name
        assert scenario["lost"] == 0, name
    assert publish["scenarios"]["up"]["outbox_pending_at_end"] == 0
    assert publish["lost"] == 0 and publish["stale"] == 0 and publish["outbox_left"] == 0
    assert publish["index_docs"] == publish["expected_docs"] == 200 + publish["published"]
    assert "| opensearch | hang |" in result.stdout  # the Markdown table
