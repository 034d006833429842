"""Embedding after a publish, off the editor's request.

Embedding a report takes about a second of CPU. Without an engine there is no outbox; with
one, the web process applies the outbox right after the publish's commit (so readers find the
change at once) but leaves the vectors to this thread; the worker, which no one waits for,
embeds inline. So each web process has one daemon thread with a bounded queue of
page ids. A publish only puts its ids in the queue; the thread embeds them with its own
database connection. When the queue is full, the ids are dropped and the thread later
compares every stored vector with its page's version (``reconcile_embeddings``), which also
mends what a process that stopped with work queued left behind, on its first run.
A thread rather than a table for a worker: the database backend is the setup with no
worker to read such a table, and the reconciliation already knows what is stale.
"""

import logging
import queue
import threading

from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)

QUEUE_SIZE = 1000
RECONCILE = object()

_queue = queue.Queue(maxsize=QUEUE_SIZE)
_overflowed = threading.Event()
_thread = None
_lock = threading.Lock()


def schedule(page_ids):
    """Embed ``page_ids`` soon, in this process's background thread; never blocks."""
    _start()
    try:
        _queue.put_nowait(list(page_ids))
    except queue.Full:
        logger.warning("Embedding queue full; stale vectors will be found by reconciliation")
        _overflowed.set()


def wait():
    """Until everything queued so far is done (tests, commands)."""
    _queue.join()


def _start():
    global _thread
    with _lock:
        if _thread is None or not _thread.is_alive():
            # The first job of a process reconciles: a process that stopped with work queued
            # left vectors behind.
            _queue.put_nowait(RECONCILE)
            _thread = threading.Thread(target=_run, name="erfa-embeddings", daemon=True)
            _thread.start()


def _run():
    from .indexing import reconcile_embeddings, sync_embeddings

    while True:
        job = _queue.get()
        try:
            close_old_connections()
            if job is RECONCILE:
                reconcile_embeddings()
            else:
                sync_embeddings(job)
        except Exception:
            logger.exception("Could not update search embeddings")
        finally:
            connection.close()
            if _overflowed.is_set() and _queue.empty():
                # Ids were dropped: one pass over every page finds what they would have done.
                _overflowed.clear()
                _queue.put_nowait(RECONCILE)
            _queue.task_done()
