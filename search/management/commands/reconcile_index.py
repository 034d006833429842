from django.core.management.base import BaseCommand, CommandError

from search.engine import EngineError
from search.indexing import drain_outbox, reconcile

from ._engine import require_engine


class Command(BaseCommand):
    help = "Find and fix differences between the database and the search index, and report them."

    def handle(self, *args, **options):
        engine = require_engine()
        try:
            drained = drain_outbox(engine, include_postponed=True)
            report = reconcile(engine)
        except EngineError as error:
            raise CommandError(f"The search engine is not available: {error}") from error
        self.stdout.write(
            f"Applied {drained} pending change(s). Index holds {report['indexed']} documents: "
            f"{report['added']} added, {report['updated']} updated, {report['removed']} removed"
            + (" (index created)." if report["created_index"] else ".")
        )
