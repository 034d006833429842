from django.core.management.base import BaseCommand

from core.site_structure import ensure_site


class Command(BaseCommand):
    help = (
        "Create the site structure a new install needs (home page, experience, wiki and theme indexes, "
        "about page, default site) without demo content. Safe to run again: existing pages are kept."
    )

    def handle(self, *args, **options):
        ensure_site()
        self.stdout.write(
            self.style.SUCCESS("The site structure is in place; import your content with import_content.")
        )
