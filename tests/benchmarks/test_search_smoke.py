"""The search benchmark (benchmarks/bench_search.py) still runs end to end, small.

The benchmark runs in a subprocess: it sets up Django with its own settings and a throwaway SQLite
file (migrate, demo content, 300 generated reports), serves it with gunicorn and loads it over
loopback. It uses the test suite's OpenSearch (tests/benchmarks/conftest.py;
BENCH_SEARCH_SMOKE_STATE_DIR and TEST_OPENSEARCH_PORT point it elsewhere).

Query timeouts are raised for the smoke run, as the search tests do: a loaded test machine must
not turn engine answers into fallbacks. The full run keeps the production timeouts.
"""

from tests.benchmarks.runner import ROOT, run_benchmark

SCRIPT = ROOT / "benchmarks" / "bench_search.py"
SMOKE_TIMEOUT = 420  # about two minutes on an idle machine; migrate, the demo content and the model are most of it
REQUESTS = 40
LEVELS = ("1", "4")
WARMUP_ROUNDS = 3


def test_search_benchmark_serves_every_request_without_errors_or_engine_fallbacks(search_smoke_opensearch, tmp_path):
    out = tmp_path / "search.json"
    args = [
        "--docs",
        "300",
        "--requests",
        str(REQUESTS),
        "--backends",
        "opensearch,database",
        "--concurrency",
        ",".join(LEVELS),
        "--warmup",
        "8",
        "--warmup-rounds",
        str(WARMUP_ROUNDS),
        "--profile-queries",
        "4",
        "--profile-rounds",
        "1",
        "--search-timeout",
        "10",
        "--write-timeout",
        "5",
        "--extras-queries",
        "5",
        "--embed-sample",
        "5",
        *search_smoke_opensearch.options,
    ]
    result, data = run_benchmark(SCRIPT, args, out, SMOKE_TIMEOUT)
    assert result.returncode == 0, result.output

    assert data["docs"] == 300 and data["concurrency"] == [1, 4] and data["machine"]["cpu_count"] >= 1
    assert set(data["corpus"]["languages"]) == {"nb", "nn", "sv", "da", "en"}
    assert data["workload"]["queries"] >= 60
    assert set(data["backends"]) == {"opensearch", "database"}

    for name, backend in data["backends"].items():
        assert set(backend["levels"]) == set(LEVELS), name
        for level, endpoints in backend["levels"].items():
            for endpoint in ("search", "suggest"):
                figures = endpoints[endpoint]
                where = f"{name} {endpoint} ×{level}"
                assert figures["requests"] == REQUESTS, where
                assert figures["errors"] == 0, (where, figures["error_samples"])
                assert figures["status_codes"] == {"200": REQUESTS}, where
                assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"] <= figures["max_ms"], where
                assert figures["requests_per_s"] > 0, where
                assert figures["fallbacks"] == 0, where

    opensearch = data["backends"]["opensearch"]
    assert opensearch["version"].startswith("opensearch ")
    assert opensearch["index"]["documents"] == data["corpus"]["pages"] > 300
    # The engine is warmed in rounds until the median settles; here three, the most allowed.
    rounds = opensearch["warmup"]["rounds"]
    assert len(rounds) == WARMUP_ROUNDS and all(round_["errors"] == 0 for round_ in rounds)
    last, before = rounds[-1]["p50_ms"], rounds[-2]["p50_ms"]
    assert opensearch["warmup"]["settled"] == (abs(last - before) <= 0.10 * before)
    for level in LEVELS:
        search, suggest = opensearch["levels"][level]["search"], opensearch["levels"][level]["suggest"]
        # Every search was answered by the engine, never by the database fallback …
        assert search["answered_by"] == {"opensearch": REQUESTS}, search["answered_by"]
        # … and every request reached it (a suggestion answered from the database never does).
        assert search["engine_side"]["not_sent_to_engine"] == 0
        assert suggest["engine_side"]["not_sent_to_engine"] == 0
        assert search["engine_side"]["mean_query_ms"] is not None
    assert opensearch["server_log"]["fallback_lines"] == 0, opensearch["server_log"]["tail"]
    for variant in opensearch["profile"]["variants"].values():
        assert variant["took_p50_ms"] >= 0 and variant["round_trip_p50_ms"] > 0

    # Beside the load, in one run: Wagtail's own backend on the same engine and data, the hybrid
    # part, reindex with cached embeddings, first-time embedding, memory.
    extras = opensearch["extras"]
    for search in ("erfa", "wagtail"):
        figures = extras["wagtail_baseline"][search]
        assert 0 < figures["p50_ms"] <= figures["p95_ms"], search
        assert 0 <= figures["ndcg_at_10"] <= 1 and figures["judged_queries"] >= 100, search
    assert extras["first_time_embedding"]["sample"] == 5
    assert extras["first_time_embedding"]["stored_vectors"] == data["corpus"]["pages"]
    reindex = extras["reindex_cached_embeddings"]
    assert reindex["documents"] == data["corpus"]["pages"] and reindex["embedded"] == 0 and reindex["docs_per_s"] > 0
    assert extras["hybrid_latency"]["hybrid"]["p50_ms"] > 0 and extras["hybrid_latency"]["lexical"]["p50_ms"] > 0
    assert extras["engine_memory"]["rss_mb"] > 0
    assert opensearch["memory"]["web_workers_rss_mb"] and all(
        size > 0 for size in opensearch["memory"]["web_workers_rss_mb"]
    )
    assert "Wagtail Page.objects.live().search(q)" in result.stdout

    database = data["backends"]["database"]
    for level in LEVELS:
        assert database["levels"][level]["search"]["answered_by"] == {"database": REQUESTS}

    assert "database/opensearch p95" in data["ratios"]["search ×1"]
    assert "| opensearch | search | 1 | 40 |" in result.stdout  # the Markdown table
    assert "| database | suggest | 4 | 40 |" in result.stdout
