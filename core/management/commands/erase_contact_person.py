"""Erase a contact person (GDPR art. 17) from pages, their revisions and the search indexes."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from core import personal_data


class Command(BaseCommand):
    help = (
        "Erase a person, found by e-mail (and optionally by full name), from every registered place: "
        "contact fields, the text of every page, snippet and revision, log entries, search texts and "
        "both search indexes; log the erasure on each page. "
        "Questions they asked or were sent and reuses their account recorded are anonymised. "
        "A user account and what it follows (subscriptions, digest settings) are not erased "
        "here, only listed: delete the account in Settings → Users."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The person's e-mail address.")
        parser.add_argument(
            "--name", default="", help="The person's full name, to also match pages without the e-mail."
        )
        parser.add_argument("--dry-run", action="store_true", help="Only report what would be erased.")

    def handle(self, *args, **options):
        person = _person(options["email"], options["name"])
        changes = personal_data.erase(person, dry_run=options["dry_run"])
        verb = "Would erase" if options["dry_run"] else "Erased"
        for change in changes:
            fields = ", ".join(change.get("fields", [])) or "no current fields"
            if "page_id" in change:
                self.stdout.write(
                    f"{verb}: page {change['page_id']} “{change['title']}”: {fields}; "
                    f"{change.get('revisions', 0)} revision(s)"
                )
            elif "model" in change:
                self.stdout.write(f"{verb}: {change['model']} {change['object_id']}: {fields}")
            else:
                self.stdout.write(f"{verb}: {change['description']} ({change.get('count', 1)})")
        # What is left: data no eraser removes (accounts, follows), and anything an eraser
        # could not clean, named so the operator can deal with it by hand.
        if not options["dry_run"]:
            for place in personal_data.find(person):
                where = place.get("model") or place.get("page_id") or ""
                self.stdout.write(
                    self.style.WARNING(f"Still held, not erased here: {place['description']} {where}".rstrip())
                )
        if not changes:
            self.stdout.write("Nothing found to erase.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{verb} {len(changes)} place(s)."))


def _person(email, name):
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise CommandError(f"“{email}” is not a valid e-mail address.") from error
    return personal_data.Person(email=email, name=name or "")
