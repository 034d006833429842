"""Writes a reader's request must never fail for: read counts and search-result clicks.

On the embedded default (SQLite) a write inside a request's deferred transaction that has
already read cannot wait for the write lock: SQLite answers "database is locked" at once
when another writer committed meanwhile, and the reader got a 500. These writes therefore
run outside any request transaction (``ATOMIC_REQUESTS`` wraps only the view), each as its
own short autocommit statement that waits for the lock (the busy timeout), is retried once,
and is then dropped with a warning: a lost count is cheaper than a lost page.
"""

import logging
import time

from django.db import OperationalError, transaction

logger = logging.getLogger("erfa.best_effort")

ATTEMPTS = 2
RETRY_PAUSE = 0.05


def write(what, function, *args, **kwargs):
    """Runs ``function(*args, **kwargs)``; returns its result, or None when the database is busy.

    Each attempt is atomic on its own (a savepoint when a caller's transaction is open), so a
    failed attempt leaves nothing half-written and never breaks the caller's transaction.
    """
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return function(*args, **kwargs)
        except OperationalError:
            if attempt + 1 == ATTEMPTS:
                logger.warning("Dropped %s: the database stayed busy", what, exc_info=True)
                return None
            time.sleep(RETRY_PAUSE)
    return None
