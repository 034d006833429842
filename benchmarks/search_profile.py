"""What the engine itself did during the search benchmark: its query counters, and a profile by query variant.

The profile runs in the benchmark's own process against the index it built: the engine's
``took`` and the round trip for the service's query and for one-off variants of it (without
the highlight, the aggregations, the did-you-mean suggester or the fuzzy clause, and split as
the service sends it), and the whole ``run_search``.
"""

import collections
import copy
import statistics
import sys
import time

from benchmarks.harness.search_setup import CLEANUP_TIMEOUT
from benchmarks.harness.stats import latency_summary

PROFILE_TIMEOUT = 30.0


def engine_search_stats(engine):
    """The index's own search counters (one shard: one query per search request)."""
    stats = engine.client.indices.stats(index=engine.alias, metric="search", request_timeout=CLEANUP_TIMEOUT)
    search = stats["_all"]["primaries"]["search"]
    return {
        key: search.get(key, 0)
        for key in ("query_total", "query_time_in_millis", "fetch_total", "fetch_time_in_millis")
    }


def engine_side(before, after, requests):
    queries = after["query_total"] - before["query_total"]
    fetches = after["fetch_total"] - before["fetch_total"]
    return {
        "queries": queries,
        "mean_query_ms": round((after["query_time_in_millis"] - before["query_time_in_millis"]) / queries, 1)
        if queries
        else None,
        "mean_fetch_ms": round((after["fetch_time_in_millis"] - before["fetch_time_in_millis"]) / fetches, 1)
        if fetches
        else None,
        # Requests the engine never saw: answered from the database because the breaker was open.
        "not_sent_to_engine": max(0, requests - queries),
    }


def _without(body, *keys):
    return {key: value for key, value in body.items() if key not in keys}


def _without_fuzzy(body):
    trimmed = copy.deepcopy(body)
    matching = trimmed["query"]["bool"]["must"]["bool"]
    matching["should"] = [clause for clause in matching["should"] if "fuzziness" not in clause.get("multi_match", {})]
    return trimmed


VARIANTS = {
    "full": lambda body, engine: body,
    "no highlight": lambda body, engine: _without(body, "highlight"),
    "no aggregations": lambda body, engine: _without(body, "aggs"),
    "no did-you-mean": lambda body, engine: _without(body, "suggest"),
    "no fuzzy clause": lambda body, engine: _without_fuzzy(body),
    "query only": lambda body, engine: _without(body, "highlight", "aggs", "suggest"),
    # How the service asks (search.query.split_body): counts without scores, the page counting
    # only on engines where that is faster. A list is sent as one msearch; its took is the
    # slower of the two, as they run side by side.
    "split: counts only": lambda body, engine: _split(body, engine)[0],
    "split: page only": lambda body, engine: _split(body, engine)[1],
    "split: both in one msearch": lambda body, engine: list(_split(body, engine)),
}


def _split(body, engine):
    from search.query import split_body

    return split_body(body, count_page=engine.counts_on_page)


def _took(engine, request):
    if isinstance(request, list):
        return max(response["took"] for response in engine.msearch(request, timeout=PROFILE_TIMEOUT))
    return engine.search(request, timeout=PROFILE_TIMEOUT)["took"]


def profile_engine(engine, paths, rounds, *, progress=True):
    """Engine ``took`` and round trip per query variant, and the whole ``run_search`` in this process."""
    from tqdm import tqdm

    from django.http import QueryDict

    from search.indexing import breaker
    from search.params import parse_search_params
    from search.query import search_body
    from search.service import SOURCE_FIELDS, run_search

    requests = [parse_search_params(QueryDict(path.partition("?")[2])) for path in paths]
    built = []
    build_ms = []
    for params in requests:
        started = time.perf_counter()
        body, _expansions = search_body(params, source_fields=SOURCE_FIELDS)
        build_ms.append((time.perf_counter() - started) * 1000)
        built.append(body)
    for body in built:  # warm: caches, JIT
        engine.search(body, timeout=PROFILE_TIMEOUT)
    took = {name: [] for name in VARIANTS}
    round_trip = {name: [] for name in VARIANTS}
    service, service_engines = [], collections.Counter()
    total = rounds * len(built) * (len(VARIANTS) + 1)
    with tqdm(
        total=total, unit="query", desc=f"Profiling ({engine.name})", file=sys.stderr, disable=not progress
    ) as bar:
        for _round_number in range(rounds):
            for params, body in zip(requests, built, strict=True):
                for name, variant in VARIANTS.items():
                    started = time.perf_counter()
                    took_ms = _took(engine, variant(body, engine))
                    round_trip[name].append((time.perf_counter() - started) * 1000)
                    took[name].append(took_ms)
                    bar.update(1)
                breaker.reset()
                started = time.perf_counter()
                answer = run_search(params)
                service.append((time.perf_counter() - started) * 1000)
                service_engines[answer.engine] += 1
                bar.update(1)
    full_mean = statistics.fmean(took["full"])
    variants = {}
    for name in VARIANTS:
        summary = latency_summary(took[name])
        mean = statistics.fmean(took[name])
        variants[name] = {
            "took_p50_ms": summary["p50_ms"],
            "took_p95_ms": summary["p95_ms"],
            "took_mean_ms": round(mean, 1),
            "round_trip_p50_ms": latency_summary(round_trip[name])["p50_ms"],
            "round_trip_mean_ms": round(statistics.fmean(round_trip[name]), 1),
            "saves_vs_full_ms": round(full_mean - mean, 1),
            "saves_vs_full_pct": round(100 * (full_mean - mean) / full_mean, 1) if full_mean else None,
        }
    return {
        "queries": len(built),
        "rounds": rounds,
        "variants": variants,
        "build_body_ms": latency_summary(build_ms),
        "run_search_ms": {**latency_summary(service), "mean_ms": round(statistics.fmean(service), 1)},
        "run_search_answered_by": dict(service_engines),
    }
