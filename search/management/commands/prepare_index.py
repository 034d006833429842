from django.core.management.base import BaseCommand, CommandError

from search.engine import EngineError
from search.indexing import rebuild

from ._engine import require_engine


class Command(BaseCommand):
    help = (
        "Build the search index if it is missing, empty or made with an older analysis or mapping; "
        "leave a current index alone (what `make run` does before serving)."
    )

    def handle(self, *args, **options):
        engine = require_engine()
        try:
            state = engine.index_state()
            if state == "current":
                self.stdout.write(f"The {engine.name} index is current.")
                return
            report = rebuild(engine)
        except EngineError as error:
            raise CommandError(f"Could not prepare the {engine.name} index: {error}") from error
        self.stdout.write(f"Built the {engine.name} index ({state} before): {report['documents']} documents.")
