from django.core.management.base import BaseCommand

from imports import demo
from imports.site_structure import ensure_site


class Command(BaseCommand):
    help = "Create the site structure and load the demo content. Safe to run again: existing content is kept."

    def handle(self, *args, verbosity=1, **options):
        ensure_site()
        demo.load_reference_data()
        for name, result in demo.load_content().items():
            if verbosity:
                self.stdout.write(
                    f"{name}: created {result.created}, kept {result.skipped} existing, failed {result.failed}"
                )
            for number, message in result.errors:
                self.stderr.write(f"  line {number}: {message}")
            for message in result.warnings:
                self.stderr.write(f"  warning: {message}")
        themes = demo.load_themes()
        gatherings = demo.load_gatherings()
        if verbosity:
            self.stdout.write(f"themes: created {themes}")
            self.stdout.write(f"gatherings: created {gatherings}")
            self.stdout.write(self.style.SUCCESS("Demo content is in place."))
