import sys
from pathlib import Path

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

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
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text: {error}") from None
        result = run_import(
            lines, create_only=create_only, show_progress=not no_progress and len(lines) >= PROGRESS_FROM_LINES
        )
        for number, message in result.errors:
            self.stderr.write(f"line {number}: {message}")
        for message in result.warnings:
            self.stderr.write(f"warning: {message}")
        summary = (
            f"created {result.created}, updated {result.updated}, skipped {result.skipped}, failed {result.failed}"
        )
        if result.failed:
            self.stderr.write(summary)
            raise CommandError(f"{result.failed} line(s) could not be imported; the others were.", returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))


def run_import(lines, *, create_only=False, show_progress=False):
    importer = ContentImporter(create_only=create_only)
    if not show_progress:
        return importer.import_lines(lines)
    with tqdm(total=len(lines), unit="line", desc="Importing", file=sys.stderr) as bar:
        return importer.import_lines(lines, progress=lambda number: bar.update(1))
