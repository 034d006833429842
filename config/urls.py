from django.conf import settings
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from a11y.sitemaps import AccessibilitySitemap
from a11y.views import accessibility_statement
from core.site_files import favicon, robots_txt
from core.sitemaps import PageSitemap
from experiences.sitemaps import ExperienceRoutesSitemap
from search.urls import api_urlpatterns as search_api_urls

from .api import api_router

SITEMAPS = {"pages": PageSitemap, "experiences": ExperienceRoutesSitemap, "a11y": AccessibilitySitemap}

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("search/", include("search.urls")),
    path("api/search/", include(search_api_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("feedback/", include("feedback.urls")),
    path("feeds/", include("subscriptions.feed_urls")),
    path("subscriptions/", include("subscriptions.urls")),
    path("tilgjengelighet/", accessibility_statement, name="accessibility_statement"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
