"""Warming the served site before the search benchmark measures it, and the timeouts it is served with.

The figures are those of a warm engine: every gunicorn worker has answered, no circuit breaker
tripped by a cold start is still open, and the median at one client has stopped falling.
"""

import time

from benchmarks.harness.load import send, summarize
from benchmarks.search_profile import engine_search_stats, engine_side

# ERFA_SEARCH key → the environment variable config/settings/base.py reads it from.
TIMEOUT_VARIABLES = {"SEARCH_TIMEOUT": "SEARCH_TIMEOUT", "WRITE_TIMEOUT": "SEARCH_WRITE_TIMEOUT"}


def timeouts(args):
    """Timeout overrides for the served app, as ERFA_SEARCH keys."""
    chosen = {"SEARCH_TIMEOUT": args.search_timeout, "WRITE_TIMEOUT": args.write_timeout}
    return {key: value for key, value in chosen.items() if value is not None}


def timeout_environment(args):
    """The same overrides as the served app's environment variables."""
    return {TIMEOUT_VARIABLES[key]: value for key, value in timeouts(args).items()}


def warm_up(server, paths, engine, name, args):
    """Warm every worker; repeat (up to 3 times) after the breaker delay while a worker may have tripped it.

    A warm-up request that timed out would leave that worker's breaker open into the first measured
    level, so its fallbacks would be charged to the measurement instead of the cold start.
    """
    from django.conf import settings

    served = {**settings.ERFA_SEARCH, **timeouts(args)}
    limits = {"search": served["SEARCH_TIMEOUT"], "suggest": served["WRITE_TIMEOUT"]}
    attempts = []
    for attempt in range(1, 4):
        before = engine_search_stats(engine) if engine else None
        rows, wall = send(
            server.port,
            paths,
            args.workers,
            label=f"Warm-up {attempt} ({name})",
            budget=args.phase_seconds,
            progress=not args.no_progress,
        )
        summary = summarize(rows, wall, engine_name=engine and engine.name)
        slow = sum(
            row["ms"] > 1000 * limits["suggest" if "/suggest/" in path else "search"]
            for row, path in zip(rows, paths, strict=True)
            if row is not None and row["ms"] is not None
        )
        keys = ("requests", "planned", "errors", "error_samples", "p50_ms", "max_ms", "wall_s")
        record = {key: summary.get(key) for key in keys}
        record["over_timeout"] = slow
        record["fallbacks"] = summary.get("fallbacks", 0)
        if engine:
            after = engine_search_stats(engine)
            record["not_sent_to_engine"] = engine_side(before, after, summary["requests"])["not_sent_to_engine"]
        attempts.append(record)
        if not engine or not (slow or record["fallbacks"] or record["not_sent_to_engine"]):
            break
        time.sleep(settings.ERFA_SEARCH["RETRY_AFTER"] + 1)  # let every tripped breaker close
    return {"attempts": attempts, **(settle(server, paths, engine, name, args) if engine else {})}


STEADY = 0.10  # a warm-up round's median within 10 % of the round before: the engine is warm
MIN_ROUNDS = 5


def settle(server, paths, engine, name, args):
    """Warm-up rounds at one client until the median stops falling, at least MIN_ROUNDS of them.

    A freshly started engine's JVM compiles its search code over the first few hundred
    queries: the three warm-up attempts had medians of 342, 175 and 84 ms, and in process the
    same 200 searches had a p95 of 123 ms just after the index was built and 74 ms once warm.
    A level measured before then charges that start-up to search latency. One client, as the
    first level, so the median is not that of a queue.
    """
    rounds = []
    for number in range(1, args.warmup_rounds + 1):
        rows, wall = send(
            server.port,
            paths,
            1,
            label=f"Warm-up round {number} ({name})",
            budget=args.phase_seconds,
            progress=not args.no_progress,
        )
        summary = summarize(rows, wall, engine_name=engine.name)
        rounds.append({key: summary.get(key) for key in ("requests", "errors", "p50_ms", "p95_ms", "wall_s")})
        if len(rounds) >= MIN_ROUNDS and _settled(rounds[-2]["p50_ms"], rounds[-1]["p50_ms"]):
            break
    settled = len(rounds) >= 2 and _settled(rounds[-2]["p50_ms"], rounds[-1]["p50_ms"])
    return {"rounds": rounds, "settled": settled}


def _settled(before, now):
    return bool(before and now is not None) and abs(now - before) <= STEADY * before
