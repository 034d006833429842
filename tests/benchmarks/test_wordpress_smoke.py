"""The WordPress import benchmark (benchmarks/bench_wordpress.py) still runs end to end, on tiny exports."""

from tests.benchmarks.runner import ROOT, run_benchmark

SCRIPT = ROOT / "benchmarks" / "bench_wordpress.py"
SMOKE_TIMEOUT = 300


def test_benchmark_reports_time_rate_and_memory_per_export_size(tmp_path):
    out = tmp_path / "wordpress.json"
    result, data = run_benchmark(SCRIPT, ["--sizes", "10,30", "--no-progress"], out, SMOKE_TIMEOUT)
    assert result.returncode == 0, result.output
    small, large = data["sizes"]
    assert (small["posts"], large["posts"]) == (10, 30)
    # Every post of each generated export was read and imported (one in ten as a draft).
    assert large["items_read"] == 31  # the channel, then the posts
    assert "created 30, updated 0 (3 as unpublished drafts)" in large["summary"]
    assert large["posts_per_s"] > 0 and large["peak_rss_mb_after"] >= small["peak_rss_mb_after"] > 0
    assert large["read_only_peak_kb"] > 0
    assert "| 30 |" in result.stdout
