"""Erfa pointed at an engine at runtime, as SEARCH_URL would point it, and the benchmark's own index.

Every benchmark index has a random prefix of its own, so runs never meet each other's indexes
or the test suite's, and is dropped again at the end of the run.
"""

import sys
import time
import uuid

from benchmarks.harness.engines import BACKEND_SETTING

CLEANUP_TIMEOUT = 120.0  # after a failed rebuild the engine may still be busy


def index_prefix(kind):
    return f"erfa_{kind}_{uuid.uuid4().hex[:8]}_"


def configure_search(url, name, prefix, search_timeout=None):
    """Point Erfa at ``url`` (no engine for an empty ``url``); returns the engine, or None without one."""
    from django.conf import settings

    from search import engine as engine_module
    from search.indexing import breaker

    settings.ERFA_SEARCH = {
        **settings.ERFA_SEARCH,
        "URLS": [url] if url else [],
        "ENGINE": BACKEND_SETTING.get(name, settings.ERFA_SEARCH["ENGINE"]),
        "INDEX_PREFIX": prefix,
    }
    if search_timeout is not None:
        settings.ERFA_SEARCH["SEARCH_TIMEOUT"] = search_timeout
    engine_module._engine = None
    breaker.reset()
    return engine_module.get_engine()


def engine_version(engine):
    version = engine.client.info().get("version", {})
    return f"{version.get('distribution', 'elasticsearch')} {version.get('number', '?')}"


def index_stats(engine, index):
    rows = engine.client.cat.indices(index=index, format="json", bytes="b")
    row = rows[0] if rows else {}
    return {"docs": int(row.get("docs.count") or 0), "store_bytes": int(row.get("store.size") or 0)}


def build_engine_index(name, url, prefix, *, progress=True):
    """A fresh index under ``prefix`` with ``search.indexing.rebuild``; (engine, its figures)."""
    from tqdm import tqdm

    from search import indexing
    from search.documents import indexable_pages

    engine = configure_search(url, name, prefix, search_timeout=CLEANUP_TIMEOUT)
    total = indexable_pages().count()
    started = time.perf_counter()
    with tqdm(total=total, unit="doc", desc=f"Indexing ({name})", file=sys.stderr, disable=not progress) as bar:
        report = indexing.rebuild(engine, progress=bar.update)
    seconds = time.perf_counter() - started
    engine.refresh()
    stats = index_stats(engine, report["index"])
    return engine, {"documents": report["documents"], "seconds": round(seconds, 1), **stats}


def drop_index(name, url, prefix):
    """Drop every index under ``prefix``; then no engine is configured. Never raises."""
    engine = configure_search(url, name, prefix, search_timeout=CLEANUP_TIMEOUT)
    try:
        engine.drop()
    except Exception as error:  # cleanup must not hide the benchmark's own error
        print(f"Could not drop {prefix}*: {error}", file=sys.stderr)
    configure_search("", name, prefix)
