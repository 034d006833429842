"""The search app's background jobs (core/schedule.py): the index outbox, reconciling, vectors."""

import logging

from core import schedule

from . import embeddings
from .breaker import breaker
from .engine import EngineError, get_engine
from .indexing import drain_outbox, reconcile, reconcile_embeddings

logger = logging.getLogger("search.worker")

# This process's view of the engine: after an outage, postponed changes are due at once.
_state = {"engine_was_down": True}


def apply_outbox():
    """Continuously: what publishing could not write at once (engine away, slow) reaches the index."""
    engine = get_engine()
    was_down = _state["engine_was_down"]
    try:
        if was_down:
            engine.ensure_index()  # never let a write create the index with a guessed mapping
        drained = drain_outbox(engine, include_postponed=was_down)
    except EngineError as error:
        if not was_down:
            logger.warning("Search engine unavailable, will keep retrying: %s", error)
        _state["engine_was_down"] = True
        return
    if was_down:
        logger.info("Search engine is available; applied %s pending change(s).", drained)
    _state["engine_was_down"] = False
    breaker.reset()


def reconcile_index():
    """Mends drift between the index and the database (missed changes, a restored index)."""
    report = reconcile(get_engine())
    if report["added"] or report["updated"] or report["removed"]:
        logger.info("Reconciled: %s", report)


def engine_configured():
    return get_engine() is not None


schedule.register("search-outbox", every=1, run=apply_outbox, lease=300, enabled=engine_configured)
schedule.register("search-reconcile", every=3600, run=reconcile_index, lease=3600, enabled=engine_configured)
# Vectors the outbox could not make (model load failure, a crash between write and embed).
schedule.register("embeddings", every=600, run=reconcile_embeddings, lease=3600, enabled=embeddings.enabled)
