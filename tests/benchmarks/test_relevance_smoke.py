"""The relevance benchmark (benchmarks/bench_relevance.py) still runs end to end, on a sample of the judged queries.

It runs in a subprocess (tests/benchmarks/runner.py: migrate + demo content in a throwaway SQLite
file) against the test suite's OpenSearch (tests/benchmarks/conftest.py).

All 93 queries through the engine take longer than a smoke test should (highlighting dominates each
query), so this runs the first ``PER_KIND`` queries of every kind; the full run is
``.venv/bin/python benchmarks/bench_relevance.py``.
"""

import json

from tests.benchmarks.runner import ROOT, run_benchmark

SCRIPT = ROOT / "benchmarks" / "bench_relevance.py"
JUDGMENTS = ROOT / "benchmarks" / "relevance" / "judgments.json"
PER_KIND = 2
SMOKE_TIMEOUT = 300  # about 60 s on an idle machine; migrate + demo content are most of it


def _sample():
    queries = json.loads(JUDGMENTS.read_text(encoding="utf-8"))["queries"]
    counts, sample = {}, []
    for query in queries:
        counts[query["kind"]] = counts.get(query["kind"], 0) + 1
        if counts[query["kind"]] <= PER_KIND:
            sample.append(query["id"])
    return sample


def test_relevance_benchmark_scores_every_query_without_fallbacks_and_beats_plain_bm25(suite_opensearch, tmp_path):
    out = tmp_path / "relevance.json"
    args = [
        "--backends",
        "opensearch,database",
        "--per-kind",
        str(PER_KIND),
        *suite_opensearch.options,
    ]
    result, data = run_benchmark(SCRIPT, args, out, SMOKE_TIMEOUT)
    opensearch = data["backends"]["opensearch"]
    # Every query was answered by the engine itself, never by the database fallback (else the script exits 1).
    assert opensearch["fallbacks"] == 0, [(row["id"], row["log"]) for row in opensearch["queries"] if row["fallback"]]
    assert result.returncode == 0, result.output

    expected = _sample()
    assert data["judgments"]["queries"] == len(expected) > 0
    assert set(data["backends"]) == {"opensearch", "database"}

    assert opensearch["version"].startswith("opensearch ")
    assert opensearch["index"]["documents"] > 0
    rows = opensearch["queries"]
    assert [row["id"] for row in rows] == expected
    assert {row["engine"] for row in rows} == {"opensearch"}
    # Every query found something.
    assert opensearch["empty"] == [], f"no results for {opensearch['empty']}"
    for row in rows:
        assert 0 <= row["ndcg"] <= 1 and 0 <= row["recall"] <= 1, row
        assert 1 <= len(row["top"]) <= 10, row
        assert all(item["grade"] in (0, 1, 2, 3) for item in row["top"]), row
        assert set(row["missing"]) <= {doc for doc, grade in _judgments(row["id"]).items() if grade >= 2}, row

    # The tuned query is no worse than a plain multi_match over title, summary and body.
    overall, floor = opensearch["summary"]["overall"], opensearch["bm25"]["summary"]["overall"]
    assert overall["n"] == floor["n"] == len(expected)
    assert overall["ndcg"] >= floor["ndcg"], f"nDCG@10 {overall['ndcg']} below the BM25 floor {floor['ndcg']}"

    # The database backend answers the same queries (it may find nothing for typos: no fuzziness).
    database = data["backends"]["database"]
    assert [row["id"] for row in database["queries"]] == expected
    assert {row["engine"] for row in database["queries"]} == {"database"}
    assert "bm25" not in database
    assert database["summary"]["overall"]["ndcg"] is not None

    # The Markdown table: one row per kind and the overall row, columns per backend and the floor.
    assert "| kind | n | opensearch nDCG@10 | opensearch R@10 | database nDCG@10" in result.stdout
    assert "opensearch BM25 nDCG@10" in result.stdout
    assert f"| **overall** | {len(expected)} |" in result.stdout


def _judgments(query_id):
    queries = json.loads(JUDGMENTS.read_text(encoding="utf-8"))["queries"]
    return next(query["judgments"] for query in queries if query["id"] == query_id)
