"""Load on the served site: a fixed list of requests from N clients, or Locust users with think time.

``send`` is the closed loop the search benchmark measures latency with: every client sends its
next request as soon as the last one answered, so a level's figures are those of N readers who
never pause. ``run_locust`` is the open mix of the load test: users who read between clicks
(benchmarks/load/locustfile.py), in Locust, which also reports per request class.
"""

import collections
import contextlib
import csv
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote_plus

from benchmarks.harness import BenchmarkError
from benchmarks.harness.server import Process
from benchmarks.harness.stats import latency_summary, percentile, rounded

REQUEST_TIMEOUT = 60.0
SLOWEST = 12  # requests listed per level, slowest first


def loopback_pool(port, *, size=1, timeout=REQUEST_TIMEOUT, block=False):
    import urllib3

    return urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=size, block=block, retries=False, timeout=timeout)


def send(port, paths, concurrency, *, label, budget=None, progress=True):
    """Send ``paths`` from ``concurrency`` threads over one pool; one row per request, in order.

    After ``budget`` seconds no new request starts (those in flight finish); the rows of requests
    never sent stay None.
    """
    import urllib3
    from tqdm import tqdm

    pool = loopback_pool(port, size=concurrency, block=True)
    rows = [None] * len(paths)
    cursor = iter(range(len(paths)))
    lock = threading.Lock()
    bar = tqdm(total=len(paths), unit="req", desc=label, file=sys.stderr, disable=not progress)

    def work():
        while True:
            with lock:
                number = next(cursor, None)
            if number is None or (deadline is not None and time.perf_counter() > deadline):
                return
            row = {"path": paths[number], "ms": None, "status": None, "engine": None, "took_ms": None, "error": None}
            started = time.perf_counter()
            try:
                response = pool.request("GET", paths[number])
                row["ms"] = (time.perf_counter() - started) * 1000
                row["status"] = response.status
                data = json.loads(response.data)
                row["engine"] = data.get("engine")
                row["took_ms"] = data.get("took_ms")
                if response.status != 200:
                    row["error"] = f"HTTP {response.status}: {str(data.get('error', ''))[:200]}"
            except (urllib3.exceptions.HTTPError, OSError, ValueError) as error:
                row["error"] = f"{type(error).__name__}: {error}"[:300]
            rows[number] = row
            with lock:
                bar.update(1)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    deadline = started + budget if budget else None
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    bar.close()
    pool.close()
    return rows, wall


def summarize(rows, wall, *, engine_name=None):
    planned = len(rows)
    rows = [row for row in rows if row is not None]
    latencies = [row["ms"] for row in rows if row["ms"] is not None]
    errors = [row for row in rows if row["error"]]
    summary = latency_summary(latencies)
    ordered = sorted(latencies)
    summary.update(
        p99_ms=rounded(percentile(ordered, 99)) if ordered else None,
        mean_ms=rounded(statistics.fmean(ordered)) if ordered else None,
        requests=len(rows),
        planned=planned,
        stopped_by_time_budget=len(rows) < planned,
        wall_s=round(wall, 2),
        requests_per_s=round(len(rows) / wall, 1) if wall else None,
        errors=len(errors),
        error_samples=sorted({row["error"] for row in errors})[:5],
        status_codes=dict(sorted(collections.Counter(str(row["status"]) for row in rows).items())),
        # Whether the tail is a few heavy queries or any query at a bad moment.
        slowest=[
            {"path": unquote_plus(row["path"]), "ms": rounded(row["ms"]), "took_ms": row["took_ms"]}
            for row in sorted((row for row in rows if row["ms"] is not None), key=lambda row: -row["ms"])[:SLOWEST]
        ],
    )
    answered = collections.Counter(row["engine"] for row in rows if row["engine"])
    if answered:
        summary["answered_by"] = dict(answered)
        summary["fallbacks"] = answered.get("database", 0) if engine_name else 0
        tooks = [row["took_ms"] for row in rows if row["took_ms"] is not None]
        service = latency_summary(tooks)
        service["p99_ms"] = rounded(percentile(sorted(tooks), 99)) if tooks else None
        summary["service_took_ms"] = service
    return summary


def run_locust(locustfile, port, env, folder, csv_prefix, *, users, spawn_rate, duration, log=None, on_tick=None):
    """``users`` Locust users for ``duration`` seconds; Locust's figures per request class."""
    command = [sys.executable, "-m", "locust", "-f", str(locustfile), "--headless",
               "-u", str(users), "-r", str(spawn_rate), "-t", f"{duration}s",
               "--host", f"http://127.0.0.1:{port}", "--csv", str(csv_prefix), "--only-summary",
               "--stop-timeout", "10", "--loglevel", "WARNING"]  # fmt: skip
    locust = Process(f"locust-{Path(csv_prefix).name}", command, env, folder)
    started = time.monotonic()
    next_line = 15
    while locust.alive():
        elapsed = time.monotonic() - started
        if elapsed > duration + 120:
            locust.stop()
            raise BenchmarkError(f"locust did not stop after {duration} s:\n{locust.tail()}")
        if on_tick:
            on_tick(elapsed)
        if log and elapsed >= next_line:
            log(f"{elapsed:.0f} s of {duration} s, {users} users")
            next_line += 15
        time.sleep(0.5)
    stats = Path(f"{csv_prefix}_stats.csv")
    if not stats.exists():
        raise BenchmarkError(f"locust wrote no statistics (exit {locust.process.returncode}):\n{locust.tail()}")
    return read_locust_stats(stats)


def _number(value):
    try:
        return round(float(value), 1)
    except (TypeError, ValueError):
        return None


def read_locust_stats(path):
    rows = {}
    with open(path, encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            name = "all" if row["Name"] == "Aggregated" else row["Name"]
            count, failures = int(row["Request Count"]), int(row["Failure Count"])
            rows[name] = {
                "requests": count,
                "failures": failures,
                "error_rate_pct": round(100 * failures / count, 3) if count else 0.0,
                "requests_per_s": _number(row["Requests/s"]),
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
                "p99_ms": _number(row["99%"]),
                "max_ms": _number(row["Max Response Time"]),
            }
    return rows


def read_events(path):
    """JSON lines written so far; a line still being written is skipped."""
    events = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return events
    for line in lines:
        with contextlib.suppress(ValueError):
            events.append(json.loads(line))
    return events
