#!/usr/bin/env python
"""Indexing benchmark: reindex throughput and publish latency against real engines.

    .venv/bin/python benchmarks/bench_index.py [--docs 20000] [--engines opensearch,elasticsearch]
                                               [--publishes 30] [--out benchmarks/results/index.json]

For each engine it

1. generates ``--docs`` experience reports once, in a throwaway SQLite database
   (``benchmarks/settings.py``), straight into the page tree without revisions;
2. times ``search.indexing.rebuild`` end to end (documents from the database, bulk
   requests, alias swap, catch-up reconcile) and reads index size and engine RSS;
3. times ``save_revision().publish()`` of new reports with the engine up, refusing
   connections and hanging (a ``FaultProxy`` between app and engine), drains the outbox
   once the engine answers again and counts pages missing from the index.

Engines are started with ``engines/engine.sh`` in their own state folder (``.engines/bench``,
ports 9270/9271) and stopped again if this run started them. Results go to ``--out`` as JSON
and to stdout as Markdown tables. See benchmarks/README.md.
"""

import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.harness import BenchmarkError, cli, content, django_setup, engines, report, search_setup  # noqa: E402
from benchmarks.harness.stats import latency_summary  # noqa: E402
from benchmarks.reindex_timing import bench_reindex  # noqa: E402
from benchmarks.textgen import ReportWriter  # noqa: E402

SCENARIOS = ("up", "down", "hang")


# ---------------------------------------------------------------- arguments


def parse_args(argv=None):
    parser = cli.parser_for(__doc__)
    parser.add_argument("--docs", type=int, default=20_000, help="experience reports to generate (default 20000)")
    parser.add_argument("--engines", default="opensearch,elasticsearch", help="comma-separated engines to measure")
    parser.add_argument("--publishes", type=int, default=30, help="publishes per latency scenario (default 30)")
    cli.add_out(parser, ROOT / "benchmarks" / "results" / "index.json")
    parser.add_argument("--seed", type=int, default=20_25, help="random seed for the generated content")
    parser.add_argument(
        "--search-timeout",
        type=float,
        default=None,
        help="override SEARCH_TIMEOUT (s), the client default for requests without their own timeout",
    )
    args = cli.parse_with_engines(parser, argv, "bench")
    args.engines = cli.choice_list(parser, "--engines", args.engines, engines.ENGINES)
    if args.docs < 1 or args.publishes < 2:
        parser.error("--docs must be at least 1 and --publishes at least 2")
    return args


# ---------------------------------------------------------------- measuring


def bench_publishes(engine_name, upstream_url, prefix, parent, writer, count, search_timeout, *, progress=True):
    """Publish latency with the engine up, refusing and hanging; then drain and count what was lost."""
    from tqdm import tqdm

    from benchmarks.harness.faultproxy import FaultProxy
    from search import indexing
    from search.documents import indexable_pages, version_of
    from search.indexing import breaker, drain_outbox
    from search.models import IndexOutbox

    upstream = urlparse(upstream_url)
    proxy = FaultProxy(upstream.hostname, upstream.port).start()
    published = {"warm_up": []}
    results = {}
    flushes = []  # ms per on-commit engine write (enqueue looks flush_after_commit up at call time)
    flush_after_commit = indexing.flush_after_commit

    def timed_flush():
        started = time.perf_counter()
        try:
            flush_after_commit()
        finally:
            flushes.append((time.perf_counter() - started) * 1000)

    indexing.flush_after_commit = timed_flush
    try:
        engine = search_setup.configure_search(proxy.url, engine_name, prefix, search_timeout)
        engine.ensure_index()  # the alias exists (rebuild made it); this only marks it ready
        warm_up = content.new_draft(parent, writer, "pwarmup")
        warm_up.save_revision().publish()  # first request pays connection setup; not counted
        published["warm_up"].append(warm_up.pk)
        switch = {"up": proxy.forward, "down": proxy.refuse, "hang": proxy.hang}
        for scenario in SCENARIOS:
            switch[scenario]()
            breaker.reset()
            durations, attempts, published[scenario] = [], 0, []
            label = f"Publishing, engine {scenario} ({engine_name})"
            flush_durations = []
            for number in tqdm(range(count), desc=label, unit="page", file=sys.stderr, disable=not progress):
                page = content.new_draft(parent, writer, f"p{scenario}{number}")
                attempts += not breaker.is_open  # will the on-commit write try the engine at all?
                flushes.clear()
                started = time.perf_counter()
                page.save_revision().publish()
                durations.append((time.perf_counter() - started) * 1000)
                flush_durations.append(sum(flushes))
                published[scenario].append(page.pk)
            pending = IndexOutbox.objects.count()
            breaker_open = breaker.is_open
            proxy.forward()
            breaker.reset()
            started = time.perf_counter()
            drained = drain_outbox(engine, include_postponed=True)
            results[scenario] = {
                "all": latency_summary(durations),
                "first_ms": round(durations[0], 1),
                "after_first": latency_summary(durations[1:]),
                # The part of each publish spent in the on-commit index write (0 when the breaker is open).
                "index_write": latency_summary(flush_durations),
                "index_write_first_ms": round(flush_durations[0], 1),
                "engine_attempts": attempts,
                "skipped_by_breaker": count - attempts,
                "breaker_open_at_end": breaker_open,
                "outbox_pending_at_end": pending,
                "drained_pages": drained,
                "drain_s": round(time.perf_counter() - started, 2),
            }
        engine.refresh()
        indexed = engine.indexed_versions()
    finally:
        indexing.flush_after_commit = flush_after_commit
        proxy.stop()
    all_ids = [pk for ids in published.values() for pk in ids]
    pages = {str(page.pk): page for page in indexable_pages().filter(pk__in=all_ids)}
    lost = [str(pk) for pk in all_ids if str(pk) not in indexed]
    stale = [pk for pk, page in pages.items() if pk in indexed and indexed[pk] != version_of(page)]
    for scenario in SCENARIOS:
        results[scenario]["lost"] = sum(str(pk) not in indexed for pk in published[scenario])
    return {
        "scenarios": results,
        "published": len(all_ids),
        "lost": len(lost),
        "lost_ids": lost[:20],
        "stale": len(stale),
        "index_docs": len(indexed),
        "expected_docs": indexable_pages().count(),
        "outbox_left": IndexOutbox.objects.count(),
    }


def remove_pages(page_ids):
    """Delete the publish benchmark's pages (no engine configured, so no outbox rows)."""
    from wagtail.models import Page

    for page in Page.objects.filter(pk__in=page_ids):
        page.delete()


def bench_engine(name, url, state_dir, parent, writer, args):
    prefix = search_setup.index_prefix("bench")
    before = content.experience_ids()
    engine = search_setup.configure_search(url, name, prefix, args.search_timeout)
    result = {"url": url, "version": search_setup.engine_version(engine), "index_prefix": prefix}
    try:
        result["reindex"] = bench_reindex(engine, progress=not args.no_progress)
        if "error" in result["reindex"]:
            result["error"] = f"rebuild failed: {result['reindex']['error']}"
            result["engine_memory_after_indexing"] = engines.engine_memory(name, state_dir)
            print(f"{name}: {result['error']}", file=sys.stderr)
            return result
        index = result["reindex"]["index"]
        result["engine_memory_after_indexing"] = engines.engine_memory(name, state_dir)
        result["index"] = search_setup.index_stats(engine, index)
        result["publish"] = bench_publishes(
            name, url, prefix, parent, writer, args.publishes, args.search_timeout, progress=not args.no_progress
        )
        result["engine_memory_at_end"] = engines.engine_memory(name, state_dir)
    finally:
        search_setup.drop_index(name, url, prefix)
        # The next engine indexes the same N reports.
        remove_pages(content.experience_ids() - before)
    return result


# ---------------------------------------------------------------- reporting


def markdown(results):
    lines = [
        f"Erfa indexing benchmark, {results['docs']} reports, {results['date']}, "
        f"{results['machine']['cpu_count']} × {results['machine']['cpu_model']}",
        "",
        "| engine | docs | reindex s | docs/s | build docs s | read pages, other s | bulk s | index admin s "
        "| catch-up s | index MB | RSS MB after indexing |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, data in results["engines"].items():
        if "reindex" not in data or "index" not in data:
            r = data.get("reindex", {})
            lines.append(f"| {data.get('version', name)} | {r.get('documents', '')} | failed: {data['error']} |")
            continue
        r, index, memory = data["reindex"], data["index"], data["engine_memory_after_indexing"]
        lines.append(
            f"| {data['version']} | {r['documents']} | {r['seconds']} | {r['docs_per_s']} | {r['build_documents_s']} "
            f"| {r['page_reads_and_other_s']} | {r['bulk_s']} | {r['index_admin_s']} | {r['catch_up_s']} "
            f"| {index['store_bytes'] / 1e6:.1f} | {memory['rss_mb']} |"
        )
    lines += [
        "",
        "| engine | engine state | publishes | first ms | p50 ms | p95 ms | max ms | index write ms first / p50 "
        "| tried engine | queued | drained in s | lost |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, data in results["engines"].items():
        publish = data.get("publish", {"scenarios": {}})
        for scenario, s in publish["scenarios"].items():
            lines.append(
                f"| {name} | {scenario} | {s['all']['n']} | {s['first_ms']} | {s['all']['p50_ms']} "
                f"| {s['all']['p95_ms']} | {s['all']['max_ms']} "
                f"| {s['index_write_first_ms']} / {s['index_write']['p50_ms']} | {s['engine_attempts']} "
                f"| {s['outbox_pending_at_end']} | {s['drain_s']} | {s['lost']} |"
            )
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def run(args):
    rng = random.Random(args.seed)
    results = {
        **report.header("erfa-index"),
        "docs": args.docs,
        "publishes_per_scenario": args.publishes,
        "seed": args.seed,
        "engines": {},
    }
    with tempfile.TemporaryDirectory(prefix="erfa-bench-") as folder:
        started = time.perf_counter()
        django_setup.setup_django(Path(folder) / "bench.sqlite3")
        from django.conf import settings

        django_setup.reference_data_in_place()
        results["versions"] = django_setup.versions()
        results["search_settings"] = {
            key: settings.ERFA_SEARCH[key] for key in ("WRITE_TIMEOUT", "SEARCH_TIMEOUT", "BULK_TIMEOUT", "RETRY_AFTER")
        }
        if args.search_timeout is not None:
            results["search_settings"]["SEARCH_TIMEOUT"] = args.search_timeout
            results["search_settings"]["SEARCH_TIMEOUT_overridden"] = True
        results["setup_s"] = round(time.perf_counter() - started, 1)
        writer = ReportWriter(rng, **content.reference_data())
        started = time.perf_counter()
        parent = content.generate_reports(args.docs, writer, rng, progress=not args.no_progress)
        seconds = time.perf_counter() - started
        results["generation"] = {"seconds": round(seconds, 1), "pages_per_s": round(args.docs / seconds, 1)}
        for name in args.engines:
            try:
                url, started_here = engines.ensure_engine(name, args.port_map[name], args.state_dir)
            except BenchmarkError as error:
                print(error, file=sys.stderr)
                results["engines"][name] = {"error": str(error)}
                continue
            try:
                results["engines"][name] = bench_engine(name, url, args.state_dir, parent, writer, args)
                results["engines"][name]["started_by_benchmark"] = started_here
            finally:
                if started_here and not args.keep_engines:
                    engines.stop_engine(name, args.state_dir)
    return results


def main(argv=None):
    args = parse_args(argv)
    results = run(args)
    out = report.publish(args.out, results, markdown(results))
    failed = [name for name, data in results["engines"].items() if "error" in data]
    lost = sum(data["publish"]["lost"] for data in results["engines"].values() if "publish" in data)
    if lost:
        print(f"{lost} published page(s) never reached the index.", file=sys.stderr)
    if failed:
        print(f"Not measured: {', '.join(failed)} (see “error” in {out}).", file=sys.stderr)
    return 1 if lost or failed else 0


if __name__ == "__main__":
    sys.exit(main())
