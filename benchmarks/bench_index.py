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

import argparse
import datetime
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ENGINE_SCRIPT = ROOT / "engines" / "engine.sh"
DEFAULT_STATE_DIR = ROOT / ".engines" / "bench"
DEFAULT_PORTS = {"opensearch": 9270, "elasticsearch": 9271}
BACKEND_SETTING = {"opensearch": "opensearch3", "elasticsearch": "elasticsearch7"}
SCENARIOS = ("up", "down", "hang")
CHUNK = 500  # pages per generation transaction
START_TIMEOUT = 900  # engine.sh start may build the launcher first
CLEANUP_TIMEOUT = 120.0


class BenchmarkError(Exception):
    """The benchmark cannot run (engine will not start, bad arguments)."""


# ---------------------------------------------------------------- arguments and Django


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000, help="experience reports to generate (default 20000)")
    parser.add_argument("--engines", default="opensearch,elasticsearch", help="comma-separated engines to measure")
    parser.add_argument("--publishes", type=int, default=30, help="publishes per latency scenario (default 30)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "index.json"), help="JSON results")
    parser.add_argument("--seed", type=int, default=20_25, help="random seed for the generated content")
    parser.add_argument(
        "--state-dir",
        default=str(DEFAULT_STATE_DIR),
        help="engine.sh state folder (ENGINES_STATE_DIR); an engine already running there is reused, not stopped",
    )
    parser.add_argument("--ports", default="", help="engine ports, e.g. opensearch=9270,elasticsearch=9271")
    parser.add_argument(
        "--search-timeout",
        type=float,
        default=None,
        help="override SEARCH_TIMEOUT (s), the client default for requests without their own timeout",
    )
    parser.add_argument("--keep-engines", action="store_true", help="leave engines this run started running")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    args.engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    unknown = [name for name in args.engines if name not in BACKEND_SETTING]
    if unknown or not args.engines:
        parser.error(f"--engines takes {', '.join(BACKEND_SETTING)}, not {', '.join(unknown) or 'nothing'}")
    args.port_map = dict(DEFAULT_PORTS)
    for item in filter(None, (part.strip() for part in args.ports.split(","))):
        name, _, port = item.partition("=")
        if name not in BACKEND_SETTING or not port.isdigit():
            parser.error(f"--ports takes engine=port pairs, not “{item}”")
        args.port_map[name] = int(port)
    if args.docs < 1 or args.publishes < 2:
        parser.error("--docs must be at least 1 and --publishes at least 2")
    return args


def setup_django(db_path):
    """Django with benchmarks.settings on a fresh SQLite file; must run before any model import."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["ERFA_BENCH_DB"] = str(db_path)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# ---------------------------------------------------------------- engines


def _engine_sh(state_dir, *args, timeout=60):
    env = {**os.environ, "ENGINES_STATE_DIR": str(state_dir)}
    command = [shutil.which("bash") or "/bin/bash", str(ENGINE_SCRIPT), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603


def ensure_engine(name, port, state_dir):
    """(url, started_here): reuse an engine running in ``state_dir``, else start one on ``port``."""
    running = _engine_sh(state_dir, "url", name)
    if running.returncode == 0 and running.stdout.strip():
        return running.stdout.strip(), False
    print(f"Starting {name} on 127.0.0.1:{port} (state in {state_dir}) …", file=sys.stderr, flush=True)
    result = _engine_sh(state_dir, "start", name, "--port", str(port), timeout=START_TIMEOUT)
    if result.returncode != 0:
        raise BenchmarkError(f"{name} could not start:\n{result.stdout}\n{result.stderr}")
    return f"http://127.0.0.1:{port}", True


def stop_engine(name, state_dir):
    _engine_sh(state_dir, "stop", name, timeout=120)


def engine_memory(name, state_dir):
    """RSS and peak RSS (MB) of the engine process, from the pid file engine.sh keeps."""
    try:
        pid = int((Path(state_dir) / f"{name}.pid").read_text().split()[0])
        status = Path(f"/proc/{pid}/status").read_text()
    except (OSError, ValueError, IndexError):
        return {"pid": None, "rss_mb": None, "peak_rss_mb": None}
    values = {}
    for line in status.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return {"pid": pid, "rss_mb": values.get("VmRSS"), "peak_rss_mb": values.get("VmHWM")}


def configure_search(url, name, prefix, search_timeout=None):
    """Point Erfa at ``url`` at runtime, as SEARCH_URL would; returns the engine."""
    from django.conf import settings

    from search import engine as engine_module
    from search.indexing import breaker

    settings.ERFA_SEARCH = {
        **settings.ERFA_SEARCH,
        "URLS": [url] if url else [],
        "ENGINE": BACKEND_SETTING[name],
        "INDEX_PREFIX": prefix,
    }
    if search_timeout is not None:
        settings.ERFA_SEARCH["SEARCH_TIMEOUT"] = search_timeout
    engine_module._engine = None
    breaker.reset()
    return engine_module.get_engine()


def engine_version(engine):
    info = engine.client.info()
    version = info.get("version", {})
    return f"{version.get('distribution', 'elasticsearch')} {version.get('number', '?')}"


def index_stats(engine, index):
    rows = engine.client.cat.indices(index=index, format="json", bytes="b")
    row = rows[0] if rows else {}
    return {"docs": int(row.get("docs.count") or 0), "store_bytes": int(row.get("store.size") or 0)}


# ---------------------------------------------------------------- content


def reference_data():
    from experiences.models import Municipality, NationalSolution, Network, Topic

    networks = [(network, set(network.members.values_list("pk", flat=True))) for network in Network.objects.all()]
    return {
        "municipalities": list(Municipality.objects.select_related("region")),
        "topics": list(Topic.objects.all()),
        "national_solutions": list(NationalSolution.objects.all()),
        "networks": networks,
    }


def _published_at(date, rng):
    from django.utils import timezone

    moment = datetime.datetime.combine(date, datetime.time(rng.randint(7, 16), rng.randrange(60)))
    return timezone.make_aware(moment)


def generate_reports(count, writer, rng, *, progress=True):
    """``count`` live reports under the experience index, without revisions or publishing.

    Pages are saved with Wagtail's ``Page.save`` (url_path, locale, log entry) at tree paths
    computed here, and their relations bulk-inserted. The outbox stays empty (no engine is
    configured yet); the reference index and Wagtail's database search index are not updated.
    """
    from tqdm import tqdm

    from django.db import transaction
    from django.db.models import F
    from django.db.models.signals import post_save

    from modelsearch.signal_handlers import post_save_signal_handler
    from taggit.models import Tag
    from wagtail.models import Page
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from core.text import nordic_slugify
    from experiences.models import ExperienceIndexPage, ExperiencePage, ExperiencePageTag

    parent = ExperienceIndexPage.objects.get()
    last = parent.get_last_child()
    position = parent._str2int(last.path[-parent.steplen :]) if last else 0
    through = {
        name: ExperiencePage._meta.get_field(name) for name in ("municipalities", "topics", "national_solutions")
    }
    tag_ids = {}
    disconnected = post_save.disconnect(post_save_signal_handler, sender=ExperiencePage)
    bar = tqdm(total=count, unit="page", desc="Generating reports", file=sys.stderr, disable=not progress)
    try:
        with disable_reference_index_auto_update():
            for start in range(0, count, CHUNK):
                size = min(CHUNK, count - start)
                links = {name: [] for name in through}
                tags = []
                with transaction.atomic():
                    for number in range(start, start + size):
                        report = writer.report()
                        fields = report["fields"]
                        moment = _published_at(report["published"], rng)
                        position += 1
                        page = ExperiencePage(
                            **fields,
                            slug=f"{nordic_slugify(fields['title'])[:60].strip('-')}-{number + 1}",
                            draft_title=fields["title"],
                            locale_id=parent.locale_id,
                            live=True,
                            has_unpublished_changes=False,
                            first_published_at=moment,
                            last_published_at=moment,
                            path=ExperiencePage._get_path(parent.path, parent.depth + 1, position),
                            depth=parent.depth + 1,
                            numchild=0,
                        )
                        page._cached_parent_obj = parent  # Page.save builds url_path from it
                        page.save(clean=False)
                        for name, field in through.items():
                            links[name].extend(
                                field.remote_field.through(
                                    **{
                                        f"{field.m2m_field_name()}_id": page.pk,
                                        f"{field.m2m_reverse_field_name()}_id": item.pk,
                                    }
                                )
                                for item in report[name]
                            )
                        for tag in report["tags"]:
                            if tag not in tag_ids:
                                tag_ids[tag] = Tag.objects.get_or_create(name=tag)[0].pk
                            tags.append(ExperiencePageTag(tag_id=tag_ids[tag], content_object_id=page.pk))
                    for name, field in through.items():
                        field.remote_field.through.objects.bulk_create(links[name])
                    ExperiencePageTag.objects.bulk_create(tags)
                    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + size)
                bar.update(size)
    finally:
        bar.close()
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=ExperiencePage)
    parent.refresh_from_db()
    return parent


def new_draft(parent, writer, number):
    """A report saved as a draft the way the editor saves one; relations set before the first save."""
    from core.text import nordic_slugify
    from experiences.models import ExperiencePage

    report = writer.report()
    fields = report["fields"]
    page = ExperiencePage(**fields, slug=f"{nordic_slugify(fields['title'])[:60].strip('-')}-p{number}", live=False)
    page.municipalities = report["municipalities"]
    page.topics = report["topics"]
    page.national_solutions = report["national_solutions"]
    page.tags.set(report["tags"])
    parent.add_child(instance=page)
    return page


# ---------------------------------------------------------------- measuring


def percentile(sorted_values, p):
    """Nearest-rank percentile of an already sorted list."""
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def latency_summary(values):
    if not values:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "max_ms": None}
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50_ms": round(percentile(ordered, 50), 1),
        "p95_ms": round(percentile(ordered, 95), 1),
        "max_ms": round(ordered[-1], 1),
    }


class PhaseTimer:
    """Adds up seconds and calls per (phase, name) for wrapped callables; cheap enough per document."""

    def __init__(self):
        self.phase = "fill"
        self.seconds = {}
        self.calls = {}

    def add(self, name, seconds):
        key = (self.phase, name)
        self.seconds[key] = self.seconds.get(key, 0.0) + seconds
        self.calls[key] = self.calls.get(key, 0) + 1

    def wrap(self, name, function, *, phase=None):
        def timed(*args, **kwargs):
            previous = self.phase
            if phase:
                self.phase = phase
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - started)
                self.phase = previous

        return timed

    def wrap_engine_calls(self, engine):
        """Time every request ``engine`` makes, named after the client method (bulk, create, scroll …)."""
        call = engine._call

        def timed_call(operation, *args, **kwargs):
            started = time.perf_counter()
            try:
                return call(operation, *args, **kwargs)
            finally:
                self.add(f"engine.{getattr(operation, '__name__', 'other')}", time.perf_counter() - started)

        engine._call = timed_call

    def total(self, phase, prefix=""):
        return sum(seconds for (p, name), seconds in self.seconds.items() if p == phase and name.startswith(prefix))


def bench_reindex(engine, *, progress=True):
    """Time ``search.indexing.rebuild`` end to end, with document building and engine requests apart.

    ``engine.rebuild`` builds a chunk of documents, sends it, builds the next: nothing overlaps,
    so the fill time splits into building documents, engine requests and the rest (reading pages
    from the database, Python). The catch-up ``reconcile`` after the swap is timed on its own.
    """
    from tqdm import tqdm

    from django.db import connection

    from search import indexing
    from search.documents import indexable_pages
    from search.engine import EngineError

    timer = PhaseTimer()
    originals = {"build_document": indexing.build_document, "reconcile": indexing.reconcile}
    timer.wrap_engine_calls(engine)
    engine.rebuild = timer.wrap("fill_and_swap", engine.rebuild)
    indexing.build_document = timer.wrap("build_document", originals["build_document"])
    indexing.reconcile = timer.wrap("reconcile", originals["reconcile"], phase="catch_up")
    queries = {"fill": 0, "catch_up": 0}

    def count_queries(execute, sql, params, many, context):
        queries[timer.phase] += 1
        return execute(sql, params, many, context)

    report, error = None, None
    started = time.perf_counter()
    try:
        total = indexable_pages().count()
        with (
            connection.execute_wrapper(count_queries),
            tqdm(
                total=total, unit="doc", desc=f"Reindexing ({engine.name})", file=sys.stderr, disable=not progress
            ) as bar,
        ):
            started = time.perf_counter()
            report = indexing.rebuild(engine, progress=bar.update)
    except EngineError as failure:
        error = f"{type(failure).__name__}: {failure}"
    finally:
        seconds = time.perf_counter() - started
        del engine._call, engine.rebuild
        indexing.build_document = originals["build_document"]
        indexing.reconcile = originals["reconcile"]
    fill = timer.seconds.get(("fill", "fill_and_swap"), 0.0)
    build = timer.seconds.get(("fill", "build_document"), 0.0)
    engine_fill = timer.total("fill", "engine.")
    bulk = timer.seconds.get(("fill", "engine.bulk"), 0.0)
    documents = report["documents"] if report else total
    result = {
        "index": report["index"] if report else None,
        "documents": documents,
        "seconds": round(seconds, 2),
        "docs_per_s": round(documents / seconds, 1) if report else None,
        "fill_and_swap_s": round(fill, 2),
        "build_documents_s": round(build, 2),
        "bulk_s": round(bulk, 2),
        "bulk_requests": timer.calls.get(("fill", "engine.bulk"), 0),
        "index_admin_s": round(engine_fill - bulk, 2),  # create, settings, refresh, alias swap, delete old
        "page_reads_and_other_s": round(max(0.0, fill - build - engine_fill), 2),
        "db_queries_per_doc": round(queries["fill"] / max(documents, 1), 1),
        # Every request of the fill and swap, by client method: the admin requests (create,
        # put_settings, refresh, update_aliases) run with the client's default timeout.
        "engine_requests_s": {
            name.removeprefix("engine."): round(seconds, 2)
            for (phase, name), seconds in sorted(timer.seconds.items())
            if phase == "fill" and name.startswith("engine.")
        },
        "catch_up_s": round(timer.seconds.get(("catch_up", "reconcile"), 0.0), 2),
        "catch_up_engine_s": round(timer.total("catch_up", "engine."), 2),
        "catch_up_db_queries": queries["catch_up"],
        "catch_up": {key: report[key] for key in ("added", "updated", "removed")} if report else None,
    }
    if error:
        result["error"] = error
    return result


def bench_publishes(engine_name, upstream_url, prefix, parent, writer, count, search_timeout, *, progress=True):
    """Publish latency with the engine up, refusing and hanging; then drain and count what was lost."""
    from tqdm import tqdm

    from search import indexing
    from search.documents import indexable_pages, version_of
    from search.indexing import breaker, drain_outbox
    from search.models import IndexOutbox
    from tests.search.faultproxy import FaultProxy

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
        engine = configure_search(proxy.url, engine_name, prefix, search_timeout)
        engine.ensure_index()  # the alias exists (rebuild made it); this only marks it ready
        warm_up = new_draft(parent, writer, "warmup")
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
                page = new_draft(parent, writer, f"{scenario}{number}")
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
    from experiences.models import ExperiencePage

    prefix = f"erfa_bench_{uuid.uuid4().hex[:8]}_"
    before = set(ExperiencePage.objects.values_list("pk", flat=True))
    engine = configure_search(url, name, prefix, args.search_timeout)
    result = {"url": url, "version": engine_version(engine), "index_prefix": prefix}
    try:
        result["reindex"] = bench_reindex(engine, progress=not args.no_progress)
        if "error" in result["reindex"]:
            result["error"] = f"rebuild failed: {result['reindex']['error']}"
            result["engine_memory_after_indexing"] = engine_memory(name, state_dir)
            print(f"{name}: {result['error']}", file=sys.stderr)
            return result
        index = result["reindex"]["index"]
        result["engine_memory_after_indexing"] = engine_memory(name, state_dir)
        result["index"] = index_stats(engine, index)
        result["publish"] = bench_publishes(
            name, url, prefix, parent, writer, args.publishes, args.search_timeout, progress=not args.no_progress
        )
        result["engine_memory_at_end"] = engine_memory(name, state_dir)
    finally:
        # Cleanup waits longer than searches do: after a failed rebuild the engine may still be busy.
        engine = configure_search(url, name, prefix, search_timeout=CLEANUP_TIMEOUT)
        try:
            engine.drop()
        except Exception as error:  # cleanup must not hide the benchmark's own error
            print(f"Could not drop {prefix}*: {error}", file=sys.stderr)
        configure_search("", name, prefix)
        # The next engine indexes the same N reports.
        remove_pages(set(ExperiencePage.objects.values_list("pk", flat=True)) - before)
    return result


# ---------------------------------------------------------------- reporting


def machine_info():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        memory_gb = round(int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1]) / 1024**2, 1)
    except (OSError, StopIteration, ValueError):
        memory_gb = None
    return {
        "hostname": platform.node(),
        "cpu_model": model,
        "cpu_count": os.cpu_count(),
        "memory_gb": memory_gb,
        "platform": platform.platform(),
    }


def source_state():
    """The commit measured and the files that differed from it (others may be editing the tree)."""
    git = shutil.which("git")
    if not git:
        return None
    try:
        commit = subprocess.run(  # noqa: S603 - fixed arguments
            [git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        status = subprocess.run(  # noqa: S603 - fixed arguments
            [git, "status", "--porcelain", "--", "search", "experiences", "core", "config"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "modified": [line[3:] for line in status.splitlines() if line.strip()]}


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
    import random

    from benchmarks.textgen import ReportWriter

    rng = random.Random(args.seed)
    results = {
        "benchmark": "erfa-index",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "python": platform.python_version(),
        "source": source_state(),
        "docs": args.docs,
        "publishes_per_scenario": args.publishes,
        "seed": args.seed,
        "engines": {},
    }
    with tempfile.TemporaryDirectory(prefix="erfa-bench-") as folder:
        started = time.perf_counter()
        setup_django(Path(folder) / "bench.sqlite3")
        import django
        from django.conf import settings

        import wagtail

        from imports import demo

        demo.ensure_site()
        demo.load_reference_data()
        results["versions"] = {"django": django.get_version(), "wagtail": wagtail.__version__}
        results["search_settings"] = {
            key: settings.ERFA_SEARCH[key] for key in ("WRITE_TIMEOUT", "SEARCH_TIMEOUT", "BULK_TIMEOUT", "RETRY_AFTER")
        }
        if args.search_timeout is not None:
            results["search_settings"]["SEARCH_TIMEOUT"] = args.search_timeout
            results["search_settings"]["SEARCH_TIMEOUT_overridden"] = True
        results["setup_s"] = round(time.perf_counter() - started, 1)
        writer = ReportWriter(rng, **reference_data())
        started = time.perf_counter()
        parent = generate_reports(args.docs, writer, rng, progress=not args.no_progress)
        seconds = time.perf_counter() - started
        results["generation"] = {"seconds": round(seconds, 1), "pages_per_s": round(args.docs / seconds, 1)}
        for name in args.engines:
            try:
                url, started_here = ensure_engine(name, args.port_map[name], args.state_dir)
            except BenchmarkError as error:
                print(error, file=sys.stderr)
                results["engines"][name] = {"error": str(error)}
                continue
            try:
                results["engines"][name] = bench_engine(name, url, args.state_dir, parent, writer, args)
                results["engines"][name]["started_by_benchmark"] = started_here
            finally:
                if started_here and not args.keep_engines:
                    stop_engine(name, args.state_dir)
    return results


def main(argv=None):
    args = parse_args(argv)
    results = run(args)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(results))
    print(f"\nResults written to {out}")
    failed = [name for name, data in results["engines"].items() if "error" in data]
    lost = sum(data["publish"]["lost"] for data in results["engines"].values() if "publish" in data)
    if lost:
        print(f"{lost} published page(s) never reached the index.", file=sys.stderr)
    if failed:
        print(f"Not measured: {', '.join(failed)} (see “error” in {out}).", file=sys.stderr)
    return 1 if lost or failed else 0


if __name__ == "__main__":
    sys.exit(main())
