import sys
from pathlib import Path

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

from imports.import_file import count_lines, read_lines
from imports.importing import ContentImporter

PROGRESS_FROM_LINES = 200


class Command(BaseCommand):
    help = "Import experiences and guides from a JSON Lines file (one JSON object per line)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--create-only",
            action="store_true",
            help="Leave pages that already exist untouched instead of updating them.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Never show the progress bar.")

    def handle(self, *args, file, create_only, no_progress, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        with file.open("rb") as stream:
            total = count_lines(stream)
            stream.seek(0)
            result = run_import(
                read_lines(stream),
                create_only=create_only,
                total=total,
                show_progress=not no_progress and total >= PROGRESS_FROM_LINES,
            )
        for number, message in result.errors:
            self.stderr.write(printable(f"line {number}: {message}"))
        for message in result.warnings:
            self.stderr.write(printable(f"warning: {message}"))
        summary = (
            f"created {result.created}, updated {result.updated}, skipped {result.skipped}, failed {result.failed}"
        )
        if result.failed:
            self.stderr.write(summary)
            raise CommandError(f"{result.failed} line(s) could not be imported; the others were.", returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))


def run_import(lines, *, create_only=False, total=None, show_progress=False):
    importer = ContentImporter(create_only=create_only)
    if not show_progress:
        return importer.import_lines(lines)
    with tqdm(total=total, unit="line", desc="Importing", file=sys.stderr) as bar:
        return importer.import_lines(lines, progress=lambda number: bar.update(1))


def printable(message):
    """A message that any terminal can show, whatever the file held."""
    return message.encode("utf-8", "backslashreplace").decode("utf-8")
