import logging
import signal
import time

from django.core.management.base import BaseCommand

from attachments.extraction import extract_pending
from search.breaker import breaker
from search.engine import EngineError
from search.indexing import drain_outbox, reconcile

from ._engine import require_engine

logger = logging.getLogger("search.worker")


class Command(BaseCommand):
    help = (
        "Apply pending search index changes as soon as the engine can take them, "
        "and reconcile the index with the database periodically."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between outbox checks.")
        parser.add_argument(
            "--reconcile-every", type=float, default=600.0, help="Seconds between full reconciliations."
        )
        parser.add_argument("--once", action="store_true", help="Do one round and stop.")

    def handle(self, *args, interval, reconcile_every, once, **options):
        engine = require_engine()
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        engine_was_down = True  # reconcile on start: changes may have been missed while no worker ran
        last_reconcile = 0.0
        self.stdout.write(f"Search worker started for {engine.name} at {', '.join(engine.config.urls)}.")
        while self.running:
            try:
                # After an outage, postponed changes are due at once, not after their backoff,
                # and go first: they are what readers wait for, while the full reconciliation
                # reads every page and can take minutes on a large site.
                if engine_was_down:
                    engine.ensure_index()  # never let a write create the index with a guessed mapping
                # Read queued attachments first: the pages using them join this round's outbox.
                extract_pending()
                drained = drain_outbox(engine, include_postponed=engine_was_down)
                if engine_was_down:
                    self.stdout.write(f"Search engine is available; applied {drained} pending change(s).")
                if engine_was_down or time.monotonic() - last_reconcile > reconcile_every:
                    report = reconcile(engine)
                    last_reconcile = time.monotonic()
                    if report["added"] or report["updated"] or report["removed"]:
                        self.stdout.write(f"Reconciled: {report}")
                engine_was_down = False
                breaker.reset()
            except EngineError as error:
                if not engine_was_down:
                    self.stderr.write(f"Search engine unavailable, will keep retrying: {error}")
                engine_was_down = True
            if once:
                break
            time.sleep(interval)

    def _stop(self, *args):
        self.running = False
