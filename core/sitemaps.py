"""The sitemap's building blocks: every location on the one configured base URL (core.urls).

Content apps add their own non-page routes (experiences/sitemaps.py, a11y/sitemaps.py); config/urls.py
puts the sections together.
"""

from django.contrib.sitemaps import Sitemap as DjangoSitemap

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from .urls import absolute_url


class BaseUrlMixin:
    """Locations on the base URL, not on the request's host or the Site record's."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for info in urls:
            info["location"] = absolute_url(info["location"])
        return urls


class PageSitemap(BaseUrlMixin, WagtailSitemap):
    """Live pages without view restrictions (Wagtail's own rule: ``.live().public()``)."""


class RouteSitemap(BaseUrlMixin, DjangoSitemap):
    """Pages that are routes rather than Wagtail pages; ``items`` yields site-relative paths."""

    def location(self, item):
        return item
