#!/usr/bin/env python
"""Load and fault test: Locust users against gunicorn, the real engine and SQLite or PostgreSQL.

    .venv/bin/python benchmarks/load/run_load.py [--db sqlite|postgres] [--users 50] [--duration 180]
                                                 [--phases plain,faults] [--docs 2000]
                                                 [--out benchmarks/results/load.json]

1. prepares a database: a throwaway SQLite file, or (``--db postgres``) a throwaway PostgreSQL
   cluster under ``.load/pg`` on a loopback port, made with Debian's initdb/pg_ctl (as the
   ``postgres`` user when run as root, since initdb refuses root); migrate, the demo content and
   ``--docs`` generated reports in five languages (``bench_search.MixedLanguageWriter``);
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

import argparse
import contextlib
import csv
import datetime
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_index import (  # noqa: E402
    BenchmarkError,
    _engine_sh,
    ensure_engine,
    generate_reports,
    machine_info,
    reference_data,
    stop_engine,
)
from benchmarks.bench_search import (  # noqa: E402
    MixedLanguageWriter,
    build_database_index,
    build_engine_index,
    corpus_facts,
    drop_index,
    free_port,
    search_paths,
    search_queries,
    suggest_paths,
    suggest_prefixes,
)

HERE = Path(__file__).resolve().parent
LOAD_DIR = ROOT / ".load"
DEFAULT_STATE_DIR = ROOT / ".engines" / "load"
TARGETS_MS = {"page": 300, "search": 500}  # p95
CLASSES = ("page", "search", "suggest")
PHASES = ("plain", "faults")
SERVER_START_TIMEOUT = 120
ENGINE_START_TIMEOUT = 600
RESTART_GRACE_S = 10  # a request that began inside the restart may fail just after it
LIFTED_RATE_LIMIT = "100000/m"


def log(message):
    print(f"[load {time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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
    parser.add_argument("--engine-port", type=int, default=9360)
    parser.add_argument("--state-dir", default=str(DEFAULT_STATE_DIR), help="engine.sh state folder")
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


# ---------------------------------------------------------------- PostgreSQL


class PostgresCluster:
    """A throwaway cluster in ``.load/pg`` on 127.0.0.1, from Debian's postgresql binaries."""

    def __init__(self, folder, port):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not bins:
            raise BenchmarkError("PostgreSQL is not installed: run `make postgresql` (Debian's postgresql)")
        self.bin = bins[-1].parent
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = port or free_port()
        # initdb refuses to run as root; the package's own postgres user owns the cluster then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.url = f"postgres://erfa@127.0.0.1:{self.port}/erfa"

    def _run(self, *command, timeout=120):
        result = subprocess.run(  # noqa: S603
            [*self.as_user, *command], capture_output=True, text=True, timeout=timeout, check=False
        )
        if result.returncode != 0:
            raise BenchmarkError(f"{' '.join(command[:2])} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def start(self):
        if self.folder.exists():
            self.stop_quietly()
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True)
        if self.as_user:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "erfa", "--auth=trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")  # fmt: skip
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
            "-c max_connections=100 -c shared_buffers=128MB"
        )
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")  # fmt: skip
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "erfa", "erfa")
        return self

    def restart(self):
        # With -l the new server's output goes to the log, not to the pipe this process waits on.
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-m", "fast", "-w", "-t", "60", "restart")  # fmt: skip

    def stop_quietly(self):
        if (self.data / "postmaster.pid").exists():
            subprocess.run(  # noqa: S603
                [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                capture_output=True,
                timeout=120,
                check=False,
            )

    def stop(self):
        self.stop_quietly()
        shutil.rmtree(self.folder, ignore_errors=True)


# ---------------------------------------------------------------- preparing content


def prepare_database(database_url, args):
    """Migrate, demo content, generated reports and Wagtail's database index, in this process."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.load.settings"
    os.environ["LOAD_DATABASE_URL"] = database_url
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from experiences.models import ExperiencePage
    from imports import demo

    started = time.perf_counter()
    if connection.vendor == "sqlite":
        # WAL lets readers go on while the editor, the search log and the worker write.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
    call_command("migrate", verbosity=0, interactive=False)
    demo.ensure_site()
    demo.load_reference_data()
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    rng = random.Random(args.seed)
    before = set(ExperiencePage.objects.values_list("pk", flat=True))
    generate_reports(args.docs, MixedLanguageWriter(rng, **reference_data()), rng, progress=not args.no_progress)
    generated = set(ExperiencePage.objects.values_list("pk", flat=True)) - before
    build_database_index(generated, progress=not args.no_progress)
    return round(time.perf_counter() - started, 1)


def _path(url):
    return urlparse(url).path if url else None


def request_plan(args):
    """Paths for the Locust users, drawn from the content in the database."""
    from wagtail.models import Page

    from experiences.models import ExperienceIndexPage, ExperiencePage
    from wiki.models import GuidePage, ThemePage

    rng = random.Random(args.seed + 2)
    facts = corpus_facts()
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
    queries = search_queries(facts, rng)
    return {
        "page_kinds": sorted(pages),
        "pages": pages,
        "search": search_paths(queries, facts, rng, 600),
        "suggest": suggest_paths(suggest_prefixes(facts, rng), rng, 300),
        "probe_query": "digital post",
    }


# ---------------------------------------------------------------- processes


def app_environment(database_url, engine_url, prefix, folder):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SEARCH_", "DJANGO_", "DATABASE_", "ERFA_", "LOAD_", "SUGGEST_", "PAGE_CACHE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="erfa-load-test-only",  # noqa: S106 - loopback only, throwaway data
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(Path(folder) / "static"),
        MEDIA_ROOT=str(Path(folder) / "media"),
        # One page cache for all gunicorn workers and the editor, as a deployment on one host has.
        PAGE_CACHE_DIR=str(Path(folder) / "page-cache"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        SEARCH_URL=engine_url,
        SEARCH_ENGINE="opensearch3",
        SEARCH_INDEX=prefix,
        SEARCH_RATE_LIMIT=LIFTED_RATE_LIMIT,
        SUGGEST_RATE_LIMIT=LIFTED_RATE_LIMIT,
    )
    return env


class Process:
    """A child process with its output in a log file; stopped with SIGTERM, then SIGKILL."""

    def __init__(self, name, command, env, folder):
        self.name = name
        self.log_path = Path(folder) / f"{name}.log"
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def alive(self):
        return self.process.poll() is None

    def stop(self, timeout=30):
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def tail(self, lines=30):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def start_gunicorn(env, folder, args):
    import urllib3

    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(args.workers),
               "--threads", str(args.threads), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
               "--graceful-timeout", "10", "--timeout", "60",
               # Longer than a reader's think time: with gunicorn's 2 s default a kept-alive
               # connection can close just as the next request goes out (connection reset).
               "--keep-alive", "10"]  # fmt: skip
    server = Process("gunicorn", command, env, folder)
    pool = urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1, retries=False, timeout=5.0)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if not server.alive():
            raise BenchmarkError(f"gunicorn exited:\n{server.tail()}")
        try:
            if pool.request("GET", "/").status == 200:
                return server, port
        except urllib3.exceptions.HTTPError:
            pass
        time.sleep(0.5)
    server.stop()
    raise BenchmarkError(f"gunicorn did not answer within {SERVER_START_TIMEOUT} s:\n{server.tail()}")


def collectstatic(env):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise BenchmarkError(f"collectstatic failed:\n{result.stdout}\n{result.stderr}")


def warm_up(port, plan):
    """One request per page kind and a few searches, so no phase measures template compilation."""
    import urllib3

    pool = urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1, retries=False, timeout=60.0)
    paths = [paths[0] for paths in plan["pages"].values()] + plan["search"][:5] + plan["suggest"][:5]
    for path in paths * 2:
        with contextlib.suppress(urllib3.exceptions.HTTPError):
            pool.request("GET", path)


# ---------------------------------------------------------------- Locust


def run_locust(port, plan_path, events_path, csv_prefix, args, folder, on_tick=None):
    command = [sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
               "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.duration}s",
               "--host", f"http://127.0.0.1:{port}", "--csv", str(csv_prefix), "--only-summary",
               "--stop-timeout", "10", "--loglevel", "WARNING"]  # fmt: skip
    env = {**os.environ, "LOAD_PLAN": str(plan_path), "LOAD_EVENTS": str(events_path)}
    locust = Process(f"locust-{Path(csv_prefix).name}", command, env, folder)
    started = time.monotonic()
    next_line = 15
    while locust.alive():
        elapsed = time.monotonic() - started
        if elapsed > args.duration + 120:
            locust.stop()
            raise BenchmarkError(f"locust did not stop after {args.duration} s:\n{locust.tail()}")
        if on_tick:
            on_tick(elapsed)
        if not args.no_progress and elapsed >= next_line:
            log(f"{elapsed:.0f} s of {args.duration} s, {args.users} users")
            next_line += 15
        time.sleep(0.5)
    stats = Path(f"{csv_prefix}_stats.csv")
    if not stats.exists():
        raise BenchmarkError(f"locust wrote no statistics (exit {locust.process.returncode}):\n{locust.tail()}")
    return read_stats(stats)


def _number(value):
    try:
        return round(float(value), 1)
    except (TypeError, ValueError):
        return None


def read_stats(path):
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


# ---------------------------------------------------------------- faults


class FaultScript:
    """Restarts PostgreSQL, then stops and restarts the engine, at fixed moments of a phase."""

    def __init__(self, args, port, engine_url, cluster, editor_path, engine):
        import urllib3

        self.args = args
        self.engine = engine
        self.pool = urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=2, retries=False,
                                               timeout=60.0)  # fmt: skip
        self.editor_path = editor_path
        self.outage_check = None
        self.engine_url = engine_url
        self.cluster = cluster
        self.timeline = {}
        self.probes = []  # (time, status, engine) of a search every second
        self.errors = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.prober = threading.Thread(target=self._probe, daemon=True)

    def start(self):
        self.t0 = time.time()
        self.thread.start()
        self.prober.start()

    def _at(self, seconds):
        while time.time() - self.t0 < seconds:
            time.sleep(0.2)

    def _mark(self, name):
        self.timeline[name] = time.time()
        log(f"fault: {name.replace('_', ' ')}")

    def _probe(self):
        import urllib3

        while not self.done.is_set():
            moment = time.time()
            try:
                response = self.pool.request("GET", "/api/search/?" + urlencode({"q": "digital post"}))
                engine = json.loads(response.data).get("engine") if response.status == 200 else None
                self.probes.append((moment, response.status, engine))
            except (urllib3.exceptions.HTTPError, ValueError) as error:
                self.probes.append((moment, None, type(error).__name__))
            time.sleep(1.0)

    def _run(self):
        duration = self.args.duration
        try:
            if self.cluster is not None:
                self._at(duration * 0.15)
                self._mark("database_restart_begins")
                self.cluster.restart()
                self._mark("database_restart_ends")
            self._at(duration * 0.3)
            self._mark("engine_stop_begins")
            stop_engine("opensearch", self.args.state_dir)
            self._mark("engine_stopped")
            self._at(time.time() - self.t0 + self.args.outage)
            self._mark("engine_start_begins")
            # A loaded machine can take minutes to bring OpenSearch back; engine.sh's own limit is 180 s.
            os.environ["ENGINE_START_TIMEOUT"] = str(ENGINE_START_TIMEOUT - 30)
            result = _engine_sh(self.args.state_dir, "start", "opensearch", "--port", str(self.args.engine_port),
                                timeout=ENGINE_START_TIMEOUT)  # fmt: skip
            if result.returncode != 0:
                raise BenchmarkError(f"opensearch did not start again:\n{result.stdout}\n{result.stderr}")
            self._mark("engine_back")
            # Checked now, while the load goes on: the clock runs from the engine's return.
            back = self.timeline["engine_back"]
            published = [
                line
                for line in read_events(self.editor_path)
                if line.get("ok") and self.timeline["engine_stop_begins"] <= line["t"] <= back
            ]
            found, not_found = check_outage_publishes(self.engine, published, back, self.args.searchable_within)
            self._mark("outage_publishes_checked")
            self.outage_check = {
                "count": len(published),
                "found_by_engine": len(found),
                "seconds_after_engine_return_max": max(found.values(), default=None),
                "not_found_within_s": not_found,
            }
        except Exception as error:  # reported as a failed invariant, never a hang
            self.errors.append(f"{type(error).__name__}: {error}")
        finally:
            self.done.set()

    def wait(self, timeout):
        self.thread.join(timeout)
        self.done.set()
        self.prober.join(5)
        if self.thread.is_alive():
            self.errors.append("the fault script did not finish in time")


def engine_finds(engine, word, page_id):
    """Whether the engine, asked the served app's own query for ``word``, lists ``page_id``.

    Asked in this process, not through gunicorn: under load a request waits in the server's
    queue for seconds, and that wait would be counted as indexing delay.
    """
    from django.http import QueryDict

    from search.params import parse_search_params
    from search.service import _search_engine

    params = parse_search_params(QueryDict(urlencode({"q": word, "page_size": 50})))
    _total, hits, *_rest = _search_engine(engine, params)
    return any(hit.page_id == page_id for hit in hits)


def check_outage_publishes(engine, published, back_at, within):
    """Seconds after the engine's return until the engine finds each report published during the outage."""
    from search.engine import EngineError

    def look(item):
        try:
            found = engine_finds(engine, item["word"], item["page_id"])
        except EngineError:
            return None
        return round(time.time() - back_at, 1) if found else None

    pending = {item["word"]: item for item in published}
    found = {}
    deadline = back_at + within
    while pending and time.time() < deadline:
        for word, item in list(pending.items()):
            seconds = look(item)
            if seconds is not None and seconds <= within:
                found[word] = seconds
                del pending[word]
        time.sleep(0.5)
    return found, sorted(item["title"] for item in pending.values())


def check_acknowledged(acknowledged):
    """Titles of acknowledged publishes that are not live in the database with their title afterwards.

    Asked through the ORM (this process has the same database configured): an HTTP check would
    mix up a lost write with a slow answer on a loaded machine.
    """
    from django.db import connections

    from experiences.models import ExperiencePage

    connections.close_all()  # the database may have restarted since this process last used it
    live = set(ExperiencePage.objects.live().filter(pk__in=[item["page_id"] for item in acknowledged]).values_list(
        "pk", "title"))  # fmt: skip
    return [item["title"] for item in acknowledged if (item["page_id"], item["title"]) not in live]


def judge_faults(result, script, events, editor_lines, pool, args):
    """The fault invariants; each broken one is a string in result["violations"]."""
    timeline = script.timeline
    violations = list(script.errors)
    failures = [event for event in events if event["kind"] == "failure"]
    server_errors = [event for event in failures if (event.get("status") or 0) >= 500]
    window = None
    if "database_restart_begins" in timeline and "database_restart_ends" in timeline:
        window = (timeline["database_restart_begins"], timeline["database_restart_ends"] + RESTART_GRACE_S)
    outside = [event for event in failures if not (window and window[0] <= event["t"] <= window[1])]
    result["failures_outside_restart_window"] = len(outside)
    result["server_errors_5xx"] = len(server_errors)
    if window:
        inside = [event for event in failures if window[0] <= event["t"] <= window[1]]
        result["database_restart"] = {
            "seconds": round(timeline["database_restart_ends"] - timeline["database_restart_begins"], 1),
            "failures_inside_window": len(inside),
            "server_errors_inside_window": len([e for e in inside if (e.get("status") or 0) >= 500]),
            "grace_s": RESTART_GRACE_S,
        }
        if outside:
            violations.append(f"{len(outside)} failed requests outside the database restart window")
        result["server_errors_5xx_outside_restart_window"] = len([e for e in outside if (e.get("status") or 0) >= 500])
        if result["server_errors_5xx_outside_restart_window"]:
            violations.append("5xx outside the database restart window")
    else:
        if server_errors:
            violations.append(f"{len(server_errors)} responses with 5xx")
        if failures:
            violations.append(f"{len(failures)} failed requests")

    if "engine_stopped" in timeline and "engine_start_begins" in timeline:
        start, end = timeline["engine_stopped"], timeline["engine_start_begins"]
        during = [probe for probe in script.probes if start <= probe[0] <= end]
        fallback = [probe for probe in during if probe[1] == 200 and probe[2] == "database"]
        locust_fallbacks = [e for e in events if e["kind"] == "fallback" and start <= e["t"] <= end]
        result["engine_outage"] = {
            "seconds_stopped": round(timeline.get("engine_back", end) - timeline["engine_stop_begins"], 1),
            "probe_searches": len(during),
            "probe_searches_answered_by_database": len(fallback),
            "probe_errors": len([probe for probe in during if probe[1] != 200]),
            "load_searches_answered_by_database": len(locust_fallbacks),
        }
        if "engine_back" in timeline:
            back = timeline["engine_back"]
            again = [probe[0] for probe in script.probes if probe[0] >= back and probe[2] == "opensearch"]
            result["engine_outage"]["probe_answered_by_engine_again_after_s"] = (
                round(again[0] - back, 1) if again else None
            )
        if not during or len(fallback) != len(during):
            violations.append("searches during the engine outage were not all answered by the database backend")
    acknowledged = [line for line in editor_lines if line.get("ok")]
    rejected = [line for line in editor_lines if not line.get("ok")]
    result["editor"] = {"publishes_acknowledged": len(acknowledged), "publishes_failed": len(rejected)}
    if rejected:
        result["editor"]["failures"] = sorted({line["error"][:120] for line in rejected})
        late = [line for line in rejected if not (window and window[0] <= line["t"] <= window[1])]
        if late:
            violations.append(f"{len(late)} publishes failed outside the database restart window")
    if script.outage_check is not None:
        result["published_during_outage"] = check = script.outage_check
        if not check["count"]:
            violations.append("the editor published nothing during the engine outage")
        if check["not_found_within_s"]:
            violations.append(
                f"{len(check['not_found_within_s'])} reports published during the outage not searchable in time"
            )
    else:
        violations.append("reports published during the outage were not checked")
    missing = check_acknowledged(acknowledged)
    result["editor"]["acknowledged_missing"] = missing
    if missing:
        violations.append(f"{len(missing)} acknowledged publishes lost")
    result["violations"] = violations


# ---------------------------------------------------------------- phases


def run_phase(name, args, folder, env, port, plan_path, engine_url, cluster, engine):
    import urllib3

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
        result["classes"] = run_locust(port, plan_path, events_path, Path(folder) / name, args, folder)
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
        pool = urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1, retries=False, timeout=30.0)
        editor_lines = read_events(editor_path)
        judge_faults(result, script, events, editor_lines, pool, args)
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
        "benchmark": "erfa-load",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "python": platform.python_version(),
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
            prefix = f"erfa_load_{uuid.uuid4().hex[:8]}_"
            engine, results["index"] = build_engine_index("opensearch", engine_url, prefix, args)
            from django.db import connections

            connections.close_all()
            env = app_environment(database_url, engine_url, prefix, folder)
            collectstatic(env)
            server, port = start_gunicorn(env, folder, args)
            processes.append(server)
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
    results["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
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
    # On SIGTERM unwind like Ctrl-C: stop what this run started and remove its files.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    results = run(args)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(results))
    print(f"\nResults written to {out}")
    failed = bool(results.get("error")) or len(results["phases"]) != len(args.phases)
    failed = failed or any(phase["violations"] for phase in results["phases"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
