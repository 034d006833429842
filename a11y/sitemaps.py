from django.urls import reverse

from core.sitemaps import RouteSitemap


class AccessibilitySitemap(RouteSitemap):
    def items(self):
        return [reverse("accessibility_statement")]
