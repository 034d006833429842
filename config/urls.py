from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from a11y.views import accessibility_statement
from core.language_urls import switch_language
from search.urls import api_urlpatterns as search_api_urls

from .api import api_router

# Machine and admin addresses keep one URL whatever the reader's language.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/search/", include(search_api_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("i18n/<str:language>/", switch_language, name="switch_language"),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What readers see is addressable per UI language: /sv/…, /en/…, bokmål unprefixed
# (core/language_urls.py). Wagtail's catch-all page serving comes last.
urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("feedback/", include("feedback.urls")),
    path("feeds/", include("subscriptions.feed_urls")),
    path("subscriptions/", include("subscriptions.urls")),
    path("tilgjengelighet/", accessibility_statement, name="accessibility_statement"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
