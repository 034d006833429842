"""List every place Erfa holds a person's data (GDPR art. 15), as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from core import personal_data

from .erase_contact_person import _person


class Command(BaseCommand):
    help = "Write, as JSON, every place that holds data about the person with this e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The person's e-mail address.")
        parser.add_argument("--name", default="", help="The person's full name, to also match by name.")
        parser.add_argument("--out", default="", help="Write to this file instead of standard output.")

    def handle(self, *args, **options):
        person = _person(options["email"], options["name"])
        text = json.dumps(personal_data.export(person), ensure_ascii=False, indent=2, default=str)
        if not options["out"]:
            self.stdout.write(text)
            return
        try:
            with open(options["out"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except OSError as error:
            raise CommandError(f"Could not write {options['out']}: {error}") from error
        self.stderr.write(f"Wrote {options['out']}.")
