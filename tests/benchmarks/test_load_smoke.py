"""The load test (benchmarks/load/run_load.py) runs end to end, small: 10 users for 60 seconds.

The driver runs in a subprocess: its own settings and a throwaway SQLite file (migrate, demo
content, 300 generated reports), gunicorn with the production settings, the search worker and
Locust, all on loopback. It uses the test suite's OpenSearch (tests/benchmarks/conftest.py), so
CI runs one engine. The fault phase (engine outage, editor publishing) needs
more than the smoke's time budget; `make load` and `make load-smoke` run it.

Latency targets are reported by the driver, not asserted here: timings on a shared test machine
would make the test flaky. Its exit code reflects errors and broken invariants only.
"""

from tests.benchmarks.runner import ROOT, run_benchmark

SCRIPT = ROOT / "benchmarks" / "load" / "run_load.py"
SMOKE_TIMEOUT = 600  # about two minutes on an idle machine: preparing the database, 60 s of load, stopping
USERS, SECONDS = 10, 60


def test_ten_users_for_a_minute_get_every_page_search_and_suggestion_without_errors(suite_opensearch, tmp_path):
    out = tmp_path / "load.json"
    args = [
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
        suite_opensearch.state_dir,
        "--engine-port",
        suite_opensearch.port,
        "--no-progress",
    ]
    result, data = run_benchmark(SCRIPT, args, out, SMOKE_TIMEOUT)
    assert result.returncode == 0, result.output

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
