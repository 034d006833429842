"""Absolute URLs, all from one configured base URL (settings.WAGTAILADMIN_BASE_URL, set from BASE_URL).

The sitemap, API v2 ``html_url``, feeds, e-mails, the canonical link and ``hreflang`` alternates use
these helpers, so that none of them says ``http://localhost/`` (the Site record) while another says
whatever host the request came in on.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def base_url():
    """The site's own address without a trailing slash, e.g. ``https://erfa.example``."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path):
    """``path`` (site-relative, or an absolute URL on any host) as an absolute URL on the base URL.

    An absolute URL keeps its path, query and fragment and takes the base URL's scheme and host:
    Wagtail builds page URLs from the Site record, which is not the address readers use.
    """
    parts = urlsplit(path or "/")
    relative = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    if not relative.startswith("/"):
        relative = "/" + relative
    return base_url() + relative


def page_url(page):
    """A Wagtail page's absolute URL, or None if it has none (not routable)."""
    parts = page.get_url_parts()
    if parts is None:
        return None
    return absolute_url(parts[2])
