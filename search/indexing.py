"""Keeping the engine index in step with the database, through engine outages.

Every indexing change goes through the ``IndexOutbox`` table. After a transaction
commits, the web process tries once to apply it with a short timeout; if the engine
is away the rows stay, and the worker (``search_worker``) applies them when it
returns. ``reconcile`` compares the whole index with the database and mends drift.
"""

import datetime
import logging
import uuid

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from . import background, embeddings
from .breaker import available_engine, breaker
from .documents import audiences, build_document, indexable_pages, is_indexable, prefetch_relations, version_of
from .engine import EngineError, EngineUnavailable, get_engine
from .models import IndexOutbox

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_BACKOFF_SECONDS = 30
# Longer than a bulk write may take (SEARCH_BULK_TIMEOUT): a claimed row is not taken again before.
CLAIM_SECONDS = 120


def enqueue(page_ids, reason):
    """Record pages whose index entry must change; call inside the changing transaction."""
    if get_engine() is None:
        # No engine, no outbox: the vectors of the database backend's hybrid search are
        # brought up to date once the change is committed, off the request (search/background.py).
        if embeddings.enabled():
            ids = list(page_ids)
            transaction.on_commit(lambda: background.schedule(ids))
        return
    IndexOutbox.objects.bulk_create([IndexOutbox(page_id=page_id, reason=reason) for page_id in set(page_ids)])
    transaction.on_commit(flush_after_commit)


def flush_after_commit():
    """Try to apply the outbox right away; never raise, never wait long."""
    engine = available_engine()
    if engine is None:
        return
    try:
        apply_outbox(engine, timeout=engine.config.write_timeout, embed=embed_in_background)
    except EngineError as error:
        breaker.trip(engine.config.retry_after, error)
        logger.warning("Search engine write failed; the worker will retry: %s", error)


def embed_in_background(documents):
    """After a publish the editor's request does not wait for the model (a second of CPU per
    report): this process's embedding thread makes the vectors (search/background.py)."""
    if embeddings.enabled():
        background.schedule(list(documents))


def sync_embeddings(page_ids):
    embeddings.sync_quietly({page_id: _document_for(page_id) for page_id in set(page_ids)})


def _document_for(page_id):
    page = Page.objects.filter(pk=page_id).specific().first()
    return build_document(page) if is_indexable(page) else None


def apply_outbox(engine=None, *, timeout=None, limit=BATCH_SIZE, embed=None):
    """Apply due outbox rows in one bulk request. Returns the number of pages written.

    ``embed`` brings the written pages' vectors up to date; by default here and now, as the
    worker does (no one waits for it).
    """
    engine = engine or get_engine()
    rows = _claim(limit)
    if not rows:
        return 0
    page_ids = {row.page_id for row in rows}
    documents = {page_id: _document_for(page_id) for page_id in page_ids}
    try:
        engine.write(documents, timeout=timeout)
    except EngineError as error:
        _postpone(rows, error)
        raise
    IndexOutbox.objects.filter(pk__in=[row.pk for row in rows]).delete()
    (embed or embeddings.sync_quietly)(documents)
    return len(page_ids)


def _claim(limit):
    """Due rows, taken for this call alone.

    Web processes (after each commit) and any number of workers apply the outbox at once. One
    conditional UPDATE marks the rows still due with this call's token and moves them out of
    reach for CLAIM_SECONDS (SQLite and PostgreSQL both apply it atomically), so each change is
    written by one process; if that process dies, the rows come due again.
    """
    now = timezone.now()
    due = list(IndexOutbox.objects.filter(next_attempt_at__lte=now).order_by("pk").values_list("pk", flat=True)[:limit])
    if not due:
        return []
    token = uuid.uuid4().hex
    IndexOutbox.objects.filter(pk__in=due, next_attempt_at__lte=now).update(
        claim=token, next_attempt_at=now + datetime.timedelta(seconds=CLAIM_SECONDS)
    )
    return list(IndexOutbox.objects.filter(claim=token).order_by("pk"))


def _postpone(rows, error):
    now = timezone.now()
    for row in rows:
        row.attempts += 1
        row.next_attempt_at = now + datetime.timedelta(seconds=min(MAX_BACKOFF_SECONDS, 2**row.attempts))
        row.last_error = str(error)[:2000]
        row.claim = ""
    IndexOutbox.objects.bulk_update(rows, ["attempts", "next_attempt_at", "last_error", "claim"])


def drain_outbox(engine=None, *, include_postponed=False):
    """Apply everything pending (the worker after an outage, tests, commands)."""
    engine = engine or get_engine()
    if include_postponed:
        # Not rows another process has claimed and is writing now.
        IndexOutbox.objects.filter(claim="").update(next_attempt_at=timezone.now())
    total = 0
    while True:
        written = apply_outbox(engine, timeout=engine.config.bulk_timeout)
        if not written:
            return total
        total += written


def pending_count():
    return IndexOutbox.objects.count()


def reconcile(engine=None):
    """Make the index match the database; returns what was fixed."""
    engine = engine or get_engine()
    created_index = engine.ensure_index()
    expected = {str(page.pk): page for page in indexable_pages()}
    audience = {str(pk): value for pk, value in audiences(expected.values()).items()}
    indexed = engine.indexed_versions()
    missing = [pk for pk in expected if pk not in indexed]
    stale = [pk for pk in expected if pk in indexed and indexed[pk] != version_of(expected[pk], audience[pk])]
    orphans = [pk for pk in indexed if pk not in expected]
    prefetch_relations([expected[pk] for pk in missing + stale])
    changes = {pk: build_document(expected[pk], audience[pk]) for pk in missing + stale}
    changes.update({pk: None for pk in orphans})
    for start in range(0, len(changes), BATCH_SIZE):
        batch = dict(list(changes.items())[start : start + BATCH_SIZE])
        engine.write(batch, timeout=engine.config.bulk_timeout)
    embedded = reconcile_embeddings(expected, audience, changes)
    return {
        "created_index": created_index,
        "indexed": len(expected),
        "added": len(missing),
        "updated": len(stale),
        "removed": len(orphans),
        "embedded": embedded,
    }


def reconcile_embeddings(expected=None, audience=None, built=None):
    """Vectors for every indexable page whose version changed; returns how many texts were embedded.

    ``expected``: ``{page id: page}`` (default: every indexable page); ``built``: documents
    already built, reused.
    """
    if not embeddings.enabled():
        return 0
    expected = expected if expected is not None else {str(page.pk): page for page in indexable_pages()}
    audience = audience or {str(pk): value for pk, value in audiences(expected.values()).items()}
    built = built or {}
    versions = {pk: version_of(page, audience[pk]) for pk, page in expected.items()}
    embedded = 0
    stale = embeddings.stale(versions)
    for start in range(0, len(stale), BATCH_SIZE):
        prefetch_relations([expected[pk] for pk in stale[start : start + BATCH_SIZE] if pk not in built])
        batch = {
            pk: built.get(pk) or build_document(expected[pk], audience[pk]) for pk in stale[start : start + BATCH_SIZE]
        }
        embedded += embeddings.sync(batch)
    embeddings.prune(int(pk) for pk in expected)
    return embedded


def in_batches(pages, size=BATCH_SIZE):
    """``pages`` one by one, read ``size`` at a time with their relations prefetched."""
    batch = []
    for page in pages.iterator(chunk_size=size):
        batch.append(page)
        if len(batch) >= size:
            yield from prefetch_relations(batch)
            batch = []
    yield from prefetch_relations(batch)


def _embedded(pages, audience):
    """The documents for a rebuild, their vectors brought up to date batch by batch on the way."""
    batch = {}
    for page in in_batches(pages):
        document = build_document(page, audience.get(page.pk))
        batch[page.pk] = document
        if len(batch) >= BATCH_SIZE:
            embeddings.sync_quietly(batch)
            batch = {}
        yield str(page.pk), document
    embeddings.sync_quietly(batch)


def rebuild(engine=None, progress=None):
    """A fresh index, filled and swapped in atomically, then caught up with changes made meanwhile."""
    engine = engine or get_engine()
    pages = indexable_pages()
    total = pages.count()
    started = timezone.now()
    audience = audiences(Page.objects.filter(pk__in=pages.values("pk")).only("pk", "path"))
    name = engine.rebuild(_embedded(pages, audience), progress=progress)
    # Pages published while the new index filled went to the old one; catch them up.
    changed = list(Page.objects.filter(last_published_at__gte=started).values_list("pk", flat=True))
    if changed:
        enqueue(changed, "rebuild")
    report = reconcile(engine)
    return {"index": name, "documents": total, **report}


__all__ = [
    "EngineUnavailable",
    "apply_outbox",
    "breaker",
    "drain_outbox",
    "enqueue",
    "flush_after_commit",
    "pending_count",
    "rebuild",
    "reconcile",
]
