#!/usr/bin/env python
"""Load and fault test: Locust users against gunicorn, the real engine and SQLite or PostgreSQL.

    .venv/bin/python benchmarks/load/run_load.py [--db sqlite|postgres] [--users 50] [--duration 180]
                                                 [--phases plain,faults] [--docs 2000]
                                                 [--out benchmarks/results/load.json]

1. prepares a database: a throwaway SQLite file, or (``--db postgres``) a throwaway PostgreSQL
   cluster under ``.load/pg`` on a loopback port, made with Debian's initdb/pg_ctl (as the
   ``postgres`` user when run as root, since initdb refuses root); migrate, the demo content and
   ``--docs`` generated reports in five languages (``textgen.MixedLanguageWriter``);
2. starts OpenSearch with ``engines/engine.sh`` (``--state-dir``, ``--engine-port``; one already
   running there is reused and left running) and builds a fresh index for this run;
3. serves the site with ``gunicorn config.wsgi`` (``--workers`` × ``--threads``, production
   settings, WhiteNoise) and runs ``manage.py search_worker`` beside it. The search rate limits
   are lifted for the run (SEARCH_RATE_LIMIT / SUGGEST_RATE_LIMIT=100000/m): one loopback client
   would otherwise be throttled as one abusive reader;
4. per phase runs ``locust --headless`` (benchmarks/load/locustfile.py): ``--users`` readers with
   1–3 s think time, 70 % page views (home, experience index with filters, reports, municipality
   pages, guides, themes), 20 % search with facets (/api/search/ and /search/), 10 % suggestions;
5. phase ``faults``: an editor process (benchmarks/load/editor.py) publishes a report every
   ``--publish-interval`` seconds through the ORM with the app's settings; the engine is stopped
   for ``--outage`` seconds and started again; with PostgreSQL the database is restarted once
   (pg_ctl restart -m fast) earlier in the run. Checked: no 5xx at all, no failure of any kind
   outside the database restart window, searches during the outage answered by the database
   backend, every report published during the outage found by the engine (the served app's own
   query, asked in this process so the server's queue is not counted) within
   ``--searchable-within`` seconds of the engine's return, and every acknowledged publish live
   afterwards. The logs are kept in ``.load/logs/``;
6. reports requests/s, p50/p95/p99 per request class and the error rate as JSON (``--out``) and
   Markdown, and stops everything it started. Everything listens on 127.0.0.1 only.

Exit code 1 when any phase had errors or broke a fault invariant; latency targets (page p95
< 300 ms, search p95 < 500 ms) are reported, not enforced. See benchmarks/README.md.
"""

import contextlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import workload  # noqa: E402
from benchmarks.harness import BenchmarkError, cli, content, django_setup, report  # noqa: E402
from benchmarks.harness.engines import BACKEND_SETTING, PORTS, ensure_engine, state_dir, stop_engine  # noqa: E402
from benchmarks.harness.load import loopback_pool, read_events, run_locust  # noqa: E402
from benchmarks.harness.search_setup import build_engine_index, drop_index, index_prefix  # noqa: E402
from benchmarks.harness.server import GunicornServer, Process, app_environment, collectstatic  # noqa: E402
from benchmarks.load.faults import ENGINE_START_TIMEOUT, FaultScript, judge_faults, log  # noqa: E402
from benchmarks.load.postgres import PostgresCluster  # noqa: E402
from benchmarks.textgen import MixedLanguageWriter  # noqa: E402

HERE = Path(__file__).resolve().parent
LOAD_DIR = ROOT / ".load"
TARGETS_MS = {"page": 300, "search": 500}  # p95
CLASSES = ("page", "search", "suggest")
PHASES = ("plain", "faults")
LIFTED_RATE_LIMIT = "100000/m"
GUNICORN_OPTIONS = (
    "--timeout", "60",
    # Longer than a reader's think time: with gunicorn's 2 s default a kept-alive
    # connection can close just as the next request goes out (connection reset).
    "--keep-alive", "10",
)  # fmt: skip


def parse_args(argv=None):
    parser = cli.parser_for(__doc__)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--users", type=int, default=50, help="concurrent Locust users (default 50)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second (default 10)")
    parser.add_argument("--duration", type=int, default=180, help="seconds per phase (default 180)")
    parser.add_argument("--phases", default="plain,faults", help="comma-separated: plain, faults")
    parser.add_argument("--docs", type=int, default=2000, help="generated reports besides the demo (default 2000)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
    parser.add_argument("--outage", type=float, default=30, help="seconds the engine is stopped (default 30)")
    parser.add_argument("--searchable-within", type=float, default=60, help="seconds after the engine returns")
    parser.add_argument("--publish-interval", type=float, default=2.0, help="seconds between editor publishes")
    parser.add_argument("--engine-port", type=int, default=PORTS["load"]["opensearch"])
    parser.add_argument("--state-dir", default=str(state_dir("load")), help="engine.sh state folder")
    parser.add_argument("--pg-port", type=int, default=0, help="PostgreSQL port (default: a free one)")
    parser.add_argument("--out", default="", help="JSON results (default benchmarks/results/load[-postgres].json)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep-engine", action="store_true", help="leave an engine this run started running")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars or progress lines")
    args = parser.parse_args(argv)
    args.phases = [name.strip() for name in args.phases.split(",") if name.strip()]
    if not args.phases or any(name not in PHASES for name in args.phases):
        parser.error("--phases takes plain and/or faults")
    if args.users < 1 or args.duration < 10 or args.docs < 0:
        parser.error("--users must be at least 1, --duration at least 10, --docs at least 0")
    if "faults" in args.phases and args.duration < args.outage + 20:
        parser.error("--duration must leave room for the outage (--outage + 20 s)")
    if not args.out:
        args.out = str(ROOT / "benchmarks" / "results" / f"load{'-postgres' if args.db == 'postgres' else ''}.json")
    return args


# ---------------------------------------------------------------- preparing content


def prepare_database(database_url, args):
    """Migrate, demo content, generated reports and Wagtail's database index, in this process."""
    started = time.perf_counter()
    django_setup.setup_django(database_url=database_url)
    django_setup.reference_data_in_place()
    django_setup.load_demo()
    rng = random.Random(args.seed)
    before = content.experience_ids()
    writer = MixedLanguageWriter(rng, **content.reference_data())
    content.generate_reports(args.docs, writer, rng, progress=not args.no_progress)
    content.build_database_index(content.experience_ids() - before, progress=not args.no_progress)
    return round(time.perf_counter() - started, 1)


def _path(url):
    return urlparse(url).path if url else None


def request_plan(args):
    """Paths for the Locust users, drawn from the content in the database."""
    from wagtail.models import Page

    from experiences.models import ExperienceIndexPage, ExperiencePage
    from wiki.models import GuidePage, ThemePage

    rng = random.Random(args.seed + 2)
    facts = workload.corpus_facts()
    index = _path(ExperienceIndexPage.objects.live().first().url)
    experiences = [_path(page.url) for page in ExperiencePage.objects.live().order_by("?")[:400]]
    municipalities = [slug for slug, _name in facts["municipalities"]]
    filters = [
        *({"municipality": slug} for slug in rng.sample(municipalities, k=min(20, len(municipalities)))),
        *({"topic": slug} for slug in facts["topics"]),
        *({"language": code} for code in facts["languages"]),
        {"country": "NO"},
        {"country": "SE"},
        {"page": "2"},
    ]
    pages = {
        "home": [_path(Page.objects.get(depth=2).specific.url)],
        "experience_index": [index] + [f"{index}?{urlencode(item)}" for item in filters],
        "experience": [path for path in experiences if path],
        "municipality": [f"{index}kommune/{slug}/" for slug in municipalities],
        "guide": [_path(page.url) for page in GuidePage.objects.live()],
        "theme": [_path(page.url) for page in ThemePage.objects.live()],
    }
    pages = {kind: [path for path in paths if path] for kind, paths in pages.items()}
    pages = {kind: paths for kind, paths in pages.items() if paths}
    queries = workload.search_queries(facts, rng)
    return {
        "page_kinds": sorted(pages),
        "pages": pages,
        "search": workload.search_paths(queries, facts, rng, 600),
        "suggest": workload.suggest_paths(workload.suggest_prefixes(facts, rng), rng, 300),
        "probe_query": "digital post",
    }


# ---------------------------------------------------------------- serving


def warm_up(port, plan):
    """One request per page kind and a few searches, so no phase measures template compilation."""
    import urllib3

    pool = loopback_pool(port)
    paths = [paths[0] for paths in plan["pages"].values()] + plan["search"][:5] + plan["suggest"][:5]
    for path in paths * 2:
        with contextlib.suppress(urllib3.exceptions.HTTPError):
            pool.request("GET", path)


# ---------------------------------------------------------------- phases


def run_phase(name, args, folder, env, port, plan_path, engine_url, cluster, engine):
    log(f"phase {name}: {args.users} users for {args.duration} s")
    events_path = Path(folder) / f"events-{name}.jsonl"
    result = {"phase": name, "users": args.users, "duration_s": args.duration}
    editor = script = None
    editor_path = Path(folder) / "editor.jsonl"
    if name == "faults":
        editor = Process(
            "editor",
            [sys.executable, str(HERE / "editor.py"), "--out", str(editor_path),
             "--interval", str(args.publish_interval)],
            env,
            folder,
        )  # fmt: skip
        script = FaultScript(args, port, engine_url, cluster, editor_path, engine)
        script.start()
    load_average = os.getloadavg()
    try:
        result["classes"] = run_locust(
            HERE / "locustfile.py",
            port,
            {**os.environ, "LOAD_PLAN": str(plan_path), "LOAD_EVENTS": str(events_path)},
            folder,
            Path(folder) / name,
            users=args.users,
            spawn_rate=args.spawn_rate,
            duration=args.duration,
            log=None if args.no_progress else log,
        )
    finally:
        if editor is not None:
            editor.stop()
    result["load_average_at_start"] = [round(value, 2) for value in load_average]
    events = read_events(events_path)
    result["fallback_searches"] = len([event for event in events if event["kind"] == "fallback"])
    if script is not None:
        script.wait(timeout=ENGINE_START_TIMEOUT + args.searchable_within + 60)
        # Killed mid-publish (SIGKILL after 30 s) is no violation: that publish was never acknowledged.
        result["editor_exit_code"] = editor.process.returncode
        editor_lines = read_events(editor_path)
        judge_faults(result, script, events, editor_lines)
        result["timeline_s"] = {key: round(value - script.t0, 1) for key, value in script.timeline.items()}
    else:
        all_requests = result["classes"].get("all", {})
        result["violations"] = [f"{all_requests['failures']} failed requests"] if all_requests.get("failures") else []
    failures = [event for event in events if event["kind"] == "failure"]
    if failures:
        result["failure_samples"] = failures[:10]
    result["targets"] = {
        name: {"p95_ms": result["classes"].get(name, {}).get("p95_ms"), "target_ms": target}
        | {"met": (result["classes"].get(name, {}).get("p95_ms") or 0) < target}
        for name, target in TARGETS_MS.items()
    }
    log(f"phase {name} done: " + ("OK" if not result["violations"] else "; ".join(result["violations"])))
    return result


def run(args):
    results = {
        **report.header("erfa-load"),
        "database": args.db,
        "docs": args.docs,
        "server": {"command": "gunicorn config.wsgi", "workers": args.workers, "threads": args.threads},
        "think_time_s": [1, 3],
        "mix": {"page": 70, "search": 20, "suggest": 10},
        "rate_limits": {"SEARCH_RATE_LIMIT": LIFTED_RATE_LIMIT, "SUGGEST_RATE_LIMIT": LIFTED_RATE_LIMIT},
        "targets_p95_ms": TARGETS_MS,
        "phases": {},
    }
    LOAD_DIR.mkdir(exist_ok=True)
    cluster = engine_started = prefix = engine_url = None
    processes = []
    with tempfile.TemporaryDirectory(prefix="run-", dir=LOAD_DIR) as folder:
        try:
            if args.db == "postgres":
                log("starting PostgreSQL")
                cluster = PostgresCluster(LOAD_DIR / "pg", args.pg_port).start()
                database_url = cluster.url
                results["postgres_major_version"] = cluster.bin.parent.name
            else:
                database_url = f"sqlite:///{Path(folder) / 'load.sqlite3'}"
            log(f"preparing the database ({args.db}, demo content + {args.docs} reports)")
            results["prepare_s"] = prepare_database(database_url, args)
            plan = request_plan(args)
            plan_path = Path(folder) / "plan.json"
            plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
            results["plan"] = {kind: len(paths) for kind, paths in plan["pages"].items()}
            log("starting OpenSearch and building the index")
            engine_url, engine_started = ensure_engine("opensearch", args.engine_port, args.state_dir)
            if "faults" in args.phases and not engine_started:
                log("note: the engine was already running; the fault phase stops and starts it anyway")
            prefix = index_prefix("load")
            engine, results["index"] = build_engine_index(
                "opensearch", engine_url, prefix, progress=not args.no_progress
            )
            from django.db import connections

            connections.close_all()
            env = app_environment(
                database_url,
                folder,
                search={"url": engine_url, "engine": BACKEND_SETTING["opensearch"], "prefix": prefix},
                # One page cache for all gunicorn workers and the editor, as a deployment on one host has.
                PAGE_CACHE_DIR=Path(folder) / "page-cache",
                SEARCH_RATE_LIMIT=LIFTED_RATE_LIMIT,
                SUGGEST_RATE_LIMIT=LIFTED_RATE_LIMIT,
            )
            collectstatic(env)
            server = GunicornServer(env, folder, workers=args.workers, threads=args.threads, options=GUNICORN_OPTIONS)
            processes.append(server)
            port = server.start().port
            worker = Process("search-worker", [sys.executable, "manage.py", "search_worker"], env, folder)
            processes.append(worker)
            warm_up(port, plan)
            for name in args.phases:
                results["phases"][name] = run_phase(
                    name, args, folder, env, port, plan_path, engine_url, cluster, engine
                )
                if not server.alive():
                    raise BenchmarkError(f"gunicorn died during {name}:\n{server.tail()}")
        except BenchmarkError as error:
            results["error"] = str(error)
            log(f"error: {error}")
        finally:
            for process in reversed(processes):
                process.stop()
            if prefix and engine_url:
                drop_index("opensearch", engine_url, prefix)
            if engine_started and not args.keep_engine:
                stop_engine("opensearch", args.state_dir)
            if cluster is not None:
                cluster.stop()
            results["logs"] = keep_logs(folder, args)
    results["load_average_at_end"] = report.load_average()
    return results


def keep_logs(folder, args):
    """Copy the run's logs (gunicorn, search worker, editor, Locust events) out of its temporary folder."""
    target = LOAD_DIR / "logs" / f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{args.db}"
    target.mkdir(parents=True, exist_ok=True)
    for path in Path(folder).iterdir():
        if path.suffix in (".log", ".jsonl", ".csv"):
            shutil.copy2(path, target / path.name)
    log(f"logs kept in {target}")
    return str(target.relative_to(ROOT))


def markdown(results):
    lines = [
        f"Load test, {results['database']}, {results['docs']} generated reports + demo, gunicorn "
        f"{results['server']['workers']} workers × {results['server']['threads']} threads, "
        f"{results['machine'].get('cpu_count', '?')} CPUs, {results['date']}",
        "",
        "| phase | users × s | class | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, phase in results["phases"].items():
        for klass in (*CLASSES, "all"):
            row = phase["classes"].get(klass)
            if row:
                lines.append(
                    f"| {name} | {phase['users']} × {phase['duration_s']} | {klass} | {row['requests']} "
                    f"| {row['requests_per_s']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} "
                    f"| {row['max_ms']} | {row['failures']} ({row['error_rate_pct']} %) |"
                )
    for name, phase in results["phases"].items():
        verdicts = ", ".join(
            f"{klass} p95 {t['p95_ms']} ms {'<' if t['met'] else '≥'} {t['target_ms']} ms"
            for klass, t in phase["targets"].items()
        )
        lines.append(f"\n{name}: targets {verdicts}. Invariants: {'; '.join(phase['violations']) or 'all held'}.")
        for key in ("engine_outage", "published_during_outage", "editor", "database_restart", "timeline_s"):
            if key in phase:
                lines.append(f"- {key}: {json.dumps(phase[key], ensure_ascii=False)}")
    if results.get("error"):
        lines.append(f"\nError: {results['error']}")
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    cli.unwind_on_sigterm()
    results = run(args)
    report.publish(args.out, results, markdown(results))
    failed = bool(results.get("error")) or len(results["phases"]) != len(args.phases)
    failed = failed or any(phase["violations"] for phase in results["phases"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
