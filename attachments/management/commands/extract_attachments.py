from django.core.management.base import BaseCommand

from attachments.extraction import extract_pending


class Command(BaseCommand):
    help = (
        "Read the text of queued PDF, DOCX and ODT documents (search_worker does this too; "
        "this command is for sites without a search engine and for catching up)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="Documents per round.")

    def handle(self, *args, limit, **options):
        total = 0
        while handled := extract_pending(limit):
            total += handled
        self.stdout.write(f"Read {total} document(s).")
