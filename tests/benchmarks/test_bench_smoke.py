"""The indexing benchmark (benchmarks/bench_index.py) still runs end to end, on a tiny data set.

It runs in a subprocess (tests/benchmarks/runner.py) against the test suite's OpenSearch
(tests/benchmarks/conftest.py).
"""

from tests.benchmarks.runner import ROOT, run_benchmark

SCRIPT = ROOT / "benchmarks" / "bench_index.py"
SMOKE_TIMEOUT = 240


def test_benchmark_reports_throughput_latency_per_engine_state_and_loses_nothing(suite_opensearch, tmp_path):
    out = tmp_path / "index.json"
    args = [
        "--docs",
        "200",
        "--publishes",
        "5",
        "--engines",
        "opensearch",
        *suite_opensearch.options,
    ]
    result, data = run_benchmark(SCRIPT, args, out, SMOKE_TIMEOUT)
    assert result.returncode == 0, result.output

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
