"""The attachment benchmark (benchmarks/bench_extract.py) still runs end to end, on a tiny file.

It runs in a subprocess (tests/benchmarks/runner.py); it needs no engine.
"""

from tests.benchmarks.runner import ROOT, run_benchmark

SCRIPT = ROOT / "benchmarks" / "bench_extract.py"
SMOKE_TIMEOUT = 480  # a ceiling for a loaded machine, not a timing: most of it is migrating


def test_benchmark_reports_pages_per_second_and_publish_latency_queued_without_and_inline(tmp_path):
    out = tmp_path / "extract.json"
    args = ["--pages", "3", "--runs", "1", "--publishes", "2", "--no-progress"]
    result, data = run_benchmark(SCRIPT, args, out, SMOKE_TIMEOUT)
    assert result.returncode == 0, result.output

    assert data["extraction"]["pdf_pages"] == 3
    assert data["extraction"]["pdf"]["pages_per_s"] > 0
    assert data["extraction"]["docx"]["median_s"] > 0 and data["extraction"]["odt"]["median_s"] > 0
    for scenario in ("queued", "without", "inline"):
        row = data["publish"][scenario]
        assert row["n"] == 2, scenario
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["max_ms"], scenario
    # The warm-up and the queued publishes left their files for the worker; nothing else did.
    assert data["publish"]["left_queued"] == 3
