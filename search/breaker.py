"""Asking the engine, and the database when the engine is not there.

Every engine read (searches, suggestions, similar reports) follows one rule: ask the
engine when one is configured and the breaker is closed; if it is unreachable, open the
breaker so the next readers do not wait on it too, and answer from the database; if it
refuses the request, answer from the database as well.
"""

import logging
import time

from .engine import EngineError, EngineUnavailable, get_engine

logger = logging.getLogger(__name__)


class CircuitBreaker:
    """After a failure, stop making people wait on the engine for a while."""

    def __init__(self):
        self.open_until = 0.0
        self.last_error = ""

    def trip(self, seconds, error=""):
        self.open_until = time.monotonic() + seconds
        self.last_error = str(error)

    def reset(self):
        self.open_until = 0.0

    @property
    def is_open(self):
        return time.monotonic() < self.open_until


breaker = CircuitBreaker()


def available_engine():
    """The configured engine while the breaker is closed, else None."""
    engine = get_engine()
    return engine if engine is not None and not breaker.is_open else None


def with_fallback(engine_call, database_call, *, what):
    """``engine_call(engine)`` when the engine can answer, else (or when it fails) ``database_call()``.

    ``what`` names the request in the log (``"search"``, ``"suggestions"`` …).
    """
    engine = available_engine()
    if engine is not None:
        try:
            return engine_call(engine)
        except EngineUnavailable as error:
            breaker.trip(engine.config.retry_after, error)
            logger.warning("Search engine unavailable for %s, answering from the database: %s", what, error)
        except EngineError as error:
            logger.error("Search engine refused %s, answering from the database: %s", what, error)
    return database_call()
