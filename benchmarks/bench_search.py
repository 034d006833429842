#!/usr/bin/env python
"""Search benchmark: latency and throughput of /api/search/ and /api/search/suggest/ under load.

    .venv/bin/python benchmarks/bench_search.py [--docs 20000] [--requests 400]
                                                [--backends opensearch,elasticsearch,database]
                                                [--concurrency 1,8] [--out benchmarks/results/search.json]

1. generates ``--docs`` experience reports with ``bench_index.generate_reports`` in a throwaway
   SQLite database (``benchmarks/settings.py``), after the reference data and the demo content
   (``load_demo``); ``textgen.MixedLanguageWriter`` turns part of the generator's bokmål and
   Swedish reports into nynorsk, Danish and English, so every language analyzer has work.
   Wagtail's database index is filled for the generated pages (the database backend and the
   engines' fallback search it), and each engine's index is built with ``search.indexing.rebuild``;
2. serves the site for real, once per backend: ``gunicorn config.wsgi`` with 4 sync workers on a
   free loopback port, ``config.settings.production`` and the generated database, the engine
   chosen through SEARCH_URL / SEARCH_ENGINE / SEARCH_INDEX (no SEARCH_URL for ``database``);
   50 warm-up requests spread over every worker, then on an engine more rounds of them from one
   client until their median settles (``--warmup-rounds``): the figures are those of a warm engine;
3. for every concurrency level sends ``--requests`` search requests (≥ 60 realistic queries in
   nb, nn, sv, da and en: corpus words, compounds, typos, names, questions; half with one or two
   facet filters) and ``--requests`` suggestion requests (2–6 letter prefixes of corpus words and
   names) from that many threads over one urllib3 pool, and records latency, status and the
   ``engine`` that answered. On an engine backend, a search answered by ``database`` is a
   fallback (a timeout or an open circuit breaker); suggestions do not say who answered, so
   their fallbacks are counted from the engine's own query counter (requests that never reached
   the engine);
4. profiles each engine in this process: the engine's ``took`` against the round trip and the
   whole ``run_search``, and the same queries without the highlight, the aggregations, the
   did-you-mean suggester or the fuzzy clause (one-off variants of ``search.query.search_body``),
   and split as the service sends it: counts and page side by side (``search.query.split_body``).

Request lists are drawn once from ``--seed``, so every backend answers the same requests. Engines
run from ``engines/engine.sh`` in their own state folder (``.engines/bench-search``, ports
9290/9291) and are stopped again if this run started them. Results go to ``--out`` as JSON and
to stdout as Markdown (``search_report.py``); the engine-side profile is ``search_profile.py``,
the requests ``workload.py``. See benchmarks/README.md.
"""

import collections
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import search_extras, search_report, workload  # noqa: E402
from benchmarks.harness import BenchmarkError, cli, content, django_setup, engines, report, search_setup  # noqa: E402
from benchmarks.harness.load import send, summarize  # noqa: E402
from benchmarks.harness.server import GunicornServer, RedisServer, app_environment  # noqa: E402
from benchmarks.search_profile import engine_search_stats, engine_side, profile_engine  # noqa: E402
from benchmarks.search_report import ENDPOINTS, TARGETS_MS  # noqa: E402
from benchmarks.search_warmup import timeout_environment, timeouts, warm_up  # noqa: E402
from benchmarks.textgen import MixedLanguageWriter  # noqa: E402

BACKENDS = ("opensearch", "elasticsearch", "database")
FALLBACK_LOG = "answering from the database"


# ---------------------------------------------------------------- arguments


def parse_args(argv=None):
    parser = cli.parser_for(__doc__)
    parser.add_argument("--docs", type=int, default=20_000, help="experience reports to generate (default 20000)")
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint and level (default 400)")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated: " + ", ".join(BACKENDS))
    parser.add_argument("--concurrency", default="1,8", help="comma-separated client thread counts (default 1,8)")
    cli.add_out(parser, ROOT / "benchmarks" / "results" / "search.json")
    parser.add_argument("--seed", type=int, default=2025, help="random seed for content and requests")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4, 1 thread each)")
    parser.add_argument("--warmup", type=int, default=50, help="warm-up requests per backend (default 50)")
    parser.add_argument(
        "--warmup-rounds",
        type=int,
        default=10,
        help="engines: up to this many warm-up rounds at one client (5 at least) until the median settles (default 10)",
    )
    parser.add_argument(
        "--phase-seconds",
        type=float,
        default=180,
        help="time budget per warm-up and per endpoint and level: no new request starts after it (default 180)",
    )
    parser.add_argument(
        "--cache",
        choices=("redis", "local"),
        default="redis",
        help="the served app's cache: one redis-server shared by its workers, as in production (default), "
        "or each worker's own memory",
    )
    parser.add_argument("--keep-db", default="", help="copy the generated SQLite database here (for experiments)")
    parser.add_argument(
        "--reuse-db",
        default="",
        help="start from a database kept with --keep-db (same --docs and --seed) instead of generating one",
    )
    parser.add_argument(
        "--search-timeout",
        type=float,
        default=None,
        help="SEARCH_TIMEOUT (s) for the served app's queries; default: the setting (2 s)",
    )
    parser.add_argument(
        "--write-timeout",
        type=float,
        default=None,
        help="SEARCH_WRITE_TIMEOUT (s), which suggestions use for their engine query; default: the setting (1 s)",
    )
    parser.add_argument(
        "--profile-queries", type=int, default=60, help="search requests profiled per engine (0: no profile)"
    )
    parser.add_argument("--profile-rounds", type=int, default=2, help="passes over the profiled requests")
    parser.add_argument(
        "--extras-queries",
        type=int,
        default=60,
        help="engines: distinct plan queries for Wagtail's own backend side by side, the hybrid part's cost, "
        "reindex with cached embeddings (search_extras.py; 0: skip)",
    )
    parser.add_argument(
        "--embed-sample", type=int, default=200, help="reports embedded for the first-time embedding figures"
    )
    args = cli.parse_with_engines(parser, argv, "bench-search")
    args.backends = cli.choice_list(parser, "--backends", args.backends, BACKENDS)
    try:
        args.concurrency = [int(level) for level in cli.csv_list(args.concurrency)]
    except ValueError:
        parser.error("--concurrency takes whole numbers, e.g. 1,8")
    if not args.concurrency or min(args.concurrency) < 1:
        parser.error("--concurrency needs at least one level, each at least 1")
    if args.docs < 1 or args.requests < 1 or args.workers < 1 or args.warmup < 0 or args.warmup_rounds < 0:
        parser.error("--docs, --requests and --workers must be at least 1, --warmup and --warmup-rounds at least 0")
    return args


# ---------------------------------------------------------------- requests


def plan_requests(facts, args):
    """Request paths per endpoint and level, and for the warm-up; the same for every backend."""
    rng = random.Random(args.seed + 1)
    queries = workload.search_queries(facts, rng)
    prefixes = workload.suggest_prefixes(facts, rng)
    levels = {
        level: {
            "search": workload.search_paths(
                queries, facts, random.Random(f"{args.seed}-search-{level}"), args.requests
            ),
            "suggest": workload.suggest_paths(prefixes, random.Random(f"{args.seed}-suggest-{level}"), args.requests),
        }
        for level in args.concurrency
    }
    warm_rng = random.Random(f"{args.seed}-warmup")
    warmup = workload.search_paths(queries, facts, warm_rng, args.warmup - args.warmup // 3)
    warmup += workload.suggest_paths(prefixes, warm_rng, args.warmup // 3)
    warm_rng.shuffle(warmup)
    return {
        "queries": queries,
        "prefixes": prefixes,
        "levels": levels,
        "warmup": warmup,
    }


# ---------------------------------------------------------------- one backend


def measure_backend(result, name, url, db_path, folder, plan, args, cache=None):
    """Fill ``result``: serve with ``name``, warm up, then every level and endpoint; engine figures per phase.

    ``cache``: the RedisServer the served app shares (emptied first), or None for each worker's own."""
    from search.engine import EngineError

    engine, search = None, None
    if url:
        prefix = result["index_prefix"] = search_setup.index_prefix("bench_search")
        engine, result["index"] = search_setup.build_engine_index(name, url, prefix, progress=not args.no_progress)
        result.update(url=url, version=search_setup.engine_version(engine))
        search = {"url": url, "engine": engines.BACKEND_SETTING[name], "prefix": prefix}
    else:
        result["version"] = "wagtail database backend (SQLite FTS5)"
    env = app_environment(
        f"sqlite:///{db_path}",
        folder,
        search=search,
        # Every benchmark client is one loopback address: the per-client limits would
        # answer most of the load with 429.
        RATE_LIMITS_ENABLED="0",
        **({"REDIS_URL": cache.url} if cache else {}),
        **timeout_environment(args),
    )
    if cache:
        cache.flush()
    server = GunicornServer(
        env, folder, workers=args.workers, ready_path="/api/search/suggest/?q=", name=f"gunicorn-{name}"
    )
    try:
        server.start()
        result["server"] = {"workers": args.workers, "threads": 1, "port": server.port}
        if plan["warmup"]:
            result["warmup"] = warm_up(server, plan["warmup"], engine, name, args)
        result["levels"] = {}
        for level in args.concurrency:
            result["levels"][str(level)] = {}
            for endpoint in ENDPOINTS:
                paths = plan["levels"][level][endpoint]
                before = engine_search_stats(engine) if engine else None
                load = os.getloadavg()[0]
                rows, wall = send(
                    server.port,
                    paths,
                    level,
                    label=f"{name} {endpoint} ×{level}",
                    budget=args.phase_seconds,
                    progress=not args.no_progress,
                )
                summary = summarize(rows, wall, engine_name=engine and engine.name)
                summary["load_1m_before"] = round(load, 2)
                if engine:
                    summary["engine_side"] = engine_side(before, engine_search_stats(engine), summary["requests"])
                    if endpoint == "suggest":
                        summary["fallbacks"] = summary["engine_side"]["not_sent_to_engine"]
                else:
                    summary["fallbacks"] = 0
                result["levels"][str(level)][endpoint] = summary
    finally:
        if server.alive():
            result["memory"] = {
                "web_workers_rss_mb": search_extras.worker_rss_mb(server),
                "engine": engines.engine_memory(name, args.state_dir) if engine else None,
            }
        server.stop()
        log = server.log_text()
        result["server_log"] = {
            "fallback_lines": log.count(FALLBACK_LOG),
            "worker_timeouts": log.count("WORKER TIMEOUT"),
            "tail": server.tail(10) if log.strip() else "",
        }
    if engine and args.profile_queries > 0:
        engine = search_setup.configure_search(
            url, name, result["index_prefix"], search_timeout=search_setup.CLEANUP_TIMEOUT
        )
        paths = list(dict.fromkeys(plan["levels"][args.concurrency[0]]["search"]))[: args.profile_queries]
        try:
            result["profile"] = profile_engine(engine, paths, args.profile_rounds, progress=not args.no_progress)
        except EngineError as error:  # the load figures stand; say why the profile is missing
            result["profile_error"] = f"{type(error).__name__}: {error}"
    if engine and args.extras_queries > 0:
        engine = search_setup.configure_search(
            url, name, result["index_prefix"], search_timeout=search_setup.CLEANUP_TIMEOUT
        )
        paths = plan["levels"][args.concurrency[0]]["search"]
        try:
            result["extras"] = search_extras.measure(name, url, result["index_prefix"], engine, paths, args)
        except Exception as error:  # the load figures stand; say why the extras are missing
            result["extras_error"] = f"{type(error).__name__}: {error}"


# ---------------------------------------------------------------- main


def prepare(args, db_path):
    """Django on a fresh SQLite file with demo content, generated reports and Wagtail's database index."""
    started = time.perf_counter()
    django_setup.setup_django(db_path)
    django_setup.reference_data_in_place()
    django_setup.load_demo()
    setup_s = time.perf_counter() - started
    rng = random.Random(args.seed)
    writer = MixedLanguageWriter(rng, **content.reference_data())
    before = content.experience_ids()
    started = time.perf_counter()
    content.generate_reports(args.docs, writer, rng, progress=not args.no_progress)
    generation_s = time.perf_counter() - started
    generated = content.experience_ids() - before
    database_index_s = content.build_database_index(generated, progress=not args.no_progress)
    if args.keep_db:
        from django.db import connection

        connection.close()
        shutil.copyfile(db_path, args.keep_db)
    return {
        "setup_s": round(setup_s, 1),
        "generation_s": round(generation_s, 1),
        "database_index_s": database_index_s,
    }


def run(args):
    results = {
        **report.header("erfa-search"),
        "load_average_at_start": report.load_average(),
        "docs": args.docs,
        "requests_per_level": args.requests,
        "concurrency": args.concurrency,
        "phase_seconds": args.phase_seconds,
        "seed": args.seed,
        "server": {"command": "gunicorn config.wsgi", "workers": args.workers, "threads": 1},
        "targets_ms": TARGETS_MS,
        "backends": {},
    }
    with tempfile.TemporaryDirectory(prefix="erfa-bench-search-") as folder:
        db_path = Path(folder) / "bench.sqlite3"
        run_started = time.perf_counter()
        if args.reuse_db:
            # Generating 20 000 reports takes longer than measuring them; a kept copy skips it.
            shutil.copyfile(args.reuse_db, db_path)
            django_setup.setup_django(db_path)
            results["timings"] = {"reused_db": args.reuse_db}
        else:
            results["timings"] = prepare(args, db_path)
        from django.conf import settings

        results["versions"] = django_setup.versions()
        served = {**settings.ERFA_SEARCH, **timeouts(args)}
        results["search_settings"] = {key: served[key] for key in ("WRITE_TIMEOUT", "SEARCH_TIMEOUT", "RETRY_AFTER")}
        results["search_settings"]["overridden"] = sorted(timeouts(args))
        facts = workload.corpus_facts()
        plan = plan_requests(facts, args)
        results["corpus"] = {
            "pages": facts["pages"],
            "experiences": facts["experiences"],
            "languages": facts["languages"],
            "municipalities_with_content": len(facts["municipalities"]),
            "topics_with_content": len(facts["topics"]),
        }
        results["workload"] = {
            "queries": len(plan["queries"]),
            "query_kinds": dict(collections.Counter(kind for _query, kind in plan["queries"])),
            "suggest_prefixes": len(plan["prefixes"]),
            "search_with_filters_share": round(
                statistics.fmean(workload.has_filters(path) for path in plan["levels"][args.concurrency[0]]["search"]),
                2,
            ),
            "warmup": len(plan["warmup"]),
        }
        from search.engine import EngineError

        cache = None
        if args.cache == "redis":
            cache = RedisServer(folder).start()
        try:
            results["server"]["cache"] = args.cache
            if args.embed_sample > 0:
                # Served as in production, with hybrid search on: every page has a vector before
                # any backend is measured (the sample's own, copies of them for the rest).
                results["first_time_embedding"] = search_extras.embedding_figures(args.embed_sample, args.docs)
            for name in args.backends:
                result = results["backends"][name] = {"backend": name}
                url, started_here = "", False
                started = time.perf_counter()
                try:
                    if name != "database":
                        url, started_here = engines.ensure_engine(name, args.port_map[name], args.state_dir)
                        result["started_by_benchmark"] = started_here
                    measure_backend(result, name, url, db_path, folder, plan, args, cache)
                    if "extras" in result:
                        result["extras"]["first_time_embedding"] = results.get("first_time_embedding")
                except (BenchmarkError, EngineError) as error:
                    print(f"{name}: {error}", file=sys.stderr)
                    result["error"] = f"{type(error).__name__}: {error}"
                finally:
                    if result.get("index_prefix"):
                        search_setup.drop_index(name, url, result["index_prefix"])
                    if started_here and not args.keep_engines:
                        engines.stop_engine(name, args.state_dir)
                    result["seconds"] = round(time.perf_counter() - started, 1)
        finally:
            if cache:
                cache.stop()
    results["timings"]["total_s"] = round(time.perf_counter() - run_started, 1)
    results["load_average_at_end"] = report.load_average()
    results["ratios"] = search_report.ratios(results["backends"], args.concurrency)
    results["targets"] = search_report.targets(results["backends"])
    return results


def main(argv=None):
    args = parse_args(argv)
    cli.unwind_on_sigterm()
    results = run(args)
    out = report.publish(args.out, results, search_report.markdown(results))
    failed = [name for name, data in results["backends"].items() if "levels" not in data]
    if failed:
        print(f"Not measured: {', '.join(failed)} (see “error” in {out}).", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
