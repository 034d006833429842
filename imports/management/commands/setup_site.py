from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand

from imports.site_structure import ensure_site


def _base_url_host():
    # Links in e-mails and feeds are built from the Site record, so a new install's site
    # takes the address it is served at (BASE_URL) rather than localhost.
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


class Command(BaseCommand):
    help = (
        "Create the site structure a new install needs (home page, experience, wiki and theme indexes, "
        "about page, default site) without demo content. Safe to run again: existing pages are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hostname", help="The site's host name (default: from BASE_URL).")
        parser.add_argument("--port", type=int, help="The site's port (default: from BASE_URL).")

    def handle(self, *args, hostname, port, **options):
        default_hostname, default_port = _base_url_host()
        ensure_site(hostname=hostname or default_hostname, port=port or default_port)
        self.stdout.write(
            self.style.SUCCESS("The site structure is in place; import your content with import_content.")
        )
