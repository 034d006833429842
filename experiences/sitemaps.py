from core.sitemaps import RouteSitemap
from core.visibility import visible_pages

from .models import ExperienceIndexPage, ExperiencePage, Municipality, Network


class ExperienceRoutesSitemap(RouteSitemap):
    """The municipality list, and each municipality and network page that has a public report.

    Only public reports count, so a municipality whose reports are all internal is left out.
    """

    def items(self):
        index = ExperienceIndexPage.objects.live().public().first()
        if index is None:
            return []
        parts = index.get_url_parts()
        if parts is None:
            return []
        base = parts[2]
        public = visible_pages(ExperiencePage.objects.live())
        municipalities = Municipality.objects.filter(experiences__in=public).distinct().order_by("slug")
        networks = Network.objects.filter(experiences__in=public).distinct().order_by("slug")
        return (
            [f"{base}kommuner/"]
            + [f"{base}kommune/{slug}/" for slug in municipalities.values_list("slug", flat=True)]
            + [f"{base}nettverk/{slug}/" for slug in networks.values_list("slug", flat=True)]
        )
