"""The judged queries (judgments.json) and how a ranking is scored against them.

nDCG@10 with gains 2^grade − 1 and the ideal ranking built from all judged documents; recall@10
over the documents graded 2 or 3. See README.md in this folder.
"""

import json
import math
from pathlib import Path

from benchmarks.harness import BenchmarkError

K = 10
RELEVANT_GRADE = 2


def load_judgments(path, kinds=(), ids=(), per_kind=0):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    queries = data["queries"]
    known_kinds = list(dict.fromkeys(query["kind"] for query in queries))
    wrong = [kind for kind in kinds if kind not in known_kinds]
    if wrong:
        raise BenchmarkError(f"unknown kind(s) {', '.join(wrong)}; the judgments have {', '.join(known_kinds)}")
    wrong = [query_id for query_id in ids if query_id not in {query["id"] for query in queries}]
    if wrong:
        raise BenchmarkError(f"unknown query id(s) {', '.join(wrong)}")
    selected = [query for query in queries if (not kinds or query["kind"] in kinds) and (not ids or query["id"] in ids)]
    if per_kind > 0:
        counts = {}
        sample = []
        for query in selected:
            counts[query["kind"]] = counts.get(query["kind"], 0) + 1
            if counts[query["kind"]] <= per_kind:
                sample.append(query)
        selected = sample
    if not selected:
        raise BenchmarkError("no judged query matches --kinds/--queries")
    return data, selected


def check_judged_ids(queries, documents):
    unknown = sorted({doc for query in queries for doc in query["judgments"] if doc not in documents})
    if unknown:
        raise BenchmarkError(f"judged ids not in the demo content: {', '.join(unknown)}")


def dcg(grades):
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades[:K]))


def score_ranking(ranked_ids, judgments):
    """nDCG@10, recall@10 (grade ≥ 2) and the relevant documents missing from the top 10."""
    top = ranked_ids[:K]
    ideal = dcg(sorted(judgments.values(), reverse=True))
    ndcg = dcg([judgments.get(doc, 0) for doc in top]) / ideal if ideal else None
    relevant = [doc for doc, grade in sorted(judgments.items(), key=lambda item: -item[1]) if grade >= RELEVANT_GRADE]
    found = [doc for doc in relevant if doc in top]
    recall = len(found) / len(relevant) if relevant else None
    missing = {doc: judgments[doc] for doc in relevant if doc not in top}
    return ndcg, recall, missing


def mean(values):
    values = [value for value in values if value is not None]
    return round(sum(values) / len(values), 4) if values else None


def aggregate(rows, kinds):
    """``{kind: {ndcg, recall, n}}`` plus ``overall`` (means over queries)."""
    summary = {}
    for kind in [*kinds, "overall"]:
        selected = [row for row in rows if kind == "overall" or row["kind"] == kind]
        if selected:
            summary[kind] = {
                "ndcg": mean(row["ndcg"] for row in selected),
                "recall": mean(row["recall"] for row in selected),
                "n": len(selected),
            }
    return summary


def halves(queries):
    """``{query id: "A" or "B"}``: alternate queries of each kind, in file order. Tune on A,
    report B too, to see whether a change generalises beyond the queries it was tuned on."""
    seen, half = {}, {}
    for query in queries:
        number = seen.get(query["kind"], 0)
        half[query["id"]] = "A" if number % 2 == 0 else "B"
        seen[query["kind"]] = number + 1
    return half


def split_ndcg(rows, kinds, half):
    """``{kind: {"A": nDCG@10, "B": nDCG@10}}`` plus ``overall``."""
    summary = {}
    for kind in [*kinds, "overall"]:
        summary[kind] = {}
        for name in ("A", "B"):
            selected = [row for row in rows if half[row["id"]] == name and kind in ("overall", row["kind"])]
            if selected:
                summary[kind][name] = mean(row["ndcg"] for row in selected)
    return summary
