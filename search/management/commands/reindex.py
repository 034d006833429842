import sys

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

from search.documents import indexable_pages
from search.engine import EngineError
from search.indexing import rebuild

from ._engine import require_engine


class Command(BaseCommand):
    help = "Rebuild the search index into a fresh index and swap the alias atomically; search keeps answering."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, no_progress, **options):
        engine = require_engine()
        total = indexable_pages().count()
        with tqdm(total=total, unit="doc", desc="Reindexing", file=sys.stderr, disable=no_progress) as bar:
            try:
                report = rebuild(engine, progress=bar.update)
            except EngineError as error:
                raise CommandError(f"Reindexing failed; the old index still serves searches. {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {report['documents']} documents into {report['index']} and switched {engine.alias} to it "
                f"(caught up afterwards: {report['added']} added, {report['updated']} updated, "
                f"{report['removed']} removed)."
            )
        )
