"""python manage.py import_wordpress EXPORT.xml [--mapping mapping.json|yaml] [--dry-run]"""

import sys
from pathlib import Path

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

from imports.management.commands.import_content import printable
from imports.wordpress import WordPressImporter
from imports.wordpress_mapping import MappingError, load_mapping
from imports.wxr import count_items

PROGRESS_FROM_ITEMS = 200


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts and pages become news items, or what the mapping file says."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The export from WordPress: Tools → Export → All content.")
        parser.add_argument(
            "--mapping",
            type=Path,
            help="A JSON or YAML file saying, per category, what its posts become (see the README).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and check everything, save nothing.")
        parser.add_argument("--no-progress", action="store_true", help="Never show the progress bar.")

    def handle(self, *args, file, mapping, dry_run, no_progress, verbosity, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            rules = load_mapping(mapping) if mapping else None
        except MappingError as error:
            raise CommandError(f"{mapping}: {error}") from None
        importer = WordPressImporter(mapping=rules, base_dir=file.parent, dry_run=dry_run)
        total = count_items(file)
        if verbosity >= 1 and not no_progress and total >= PROGRESS_FROM_ITEMS:
            with tqdm(total=total, unit="item", desc="Importing", file=sys.stderr) as bar:
                result = importer.run(file, progress=lambda: bar.update(1))
        else:
            result = importer.run(file)
        if verbosity >= 1:
            for label, reason in result.errors:
                self.stderr.write(printable(f"{label}: {reason}"))
            for message in result.warnings:
                self.stderr.write(printable(f"warning: {message}"))
        if result.stopped:
            self.stderr.write(printable(result.stopped))
        summary = (
            f"created {result.created}, updated {result.updated} ({result.drafts} as unpublished drafts), "
            f"skipped {result.skipped}, failed {result.failed}; {result.redirects} old addresses redirect; "
            f"{result.comments} comments counted, not imported"
        )
        if dry_run:
            summary = "dry run, nothing was saved: " + summary
        if result.failed or result.stopped:
            self.stderr.write(summary)
            raise CommandError(
                f"{result.failed} item(s) could not be imported; the others were."
                if not result.stopped
                else "The export could not be read to its end; what came before was imported.",
                returncode=1,
            )
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary))
