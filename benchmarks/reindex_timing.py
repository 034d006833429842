"""Where a full rebuild's time goes: building documents, engine requests by kind, the rest, the catch-up.

``engine.rebuild`` builds a chunk of documents, sends it, builds the next: nothing overlaps, so
wrapping the pieces with a :class:`PhaseTimer` splits the wall time without a profiler's cost.
"""

import sys
import time


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
