from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from django.views.i18n import JavaScriptCatalog

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from a11y.sitemaps import AccessibilitySitemap
from a11y.views import accessibility_statement
from accounts.admin_urls import urlpatterns as scoped_admin_urls
from core.health import healthz, readyz
from core.language_urls import switch_language
from core.site_files import favicon, robots_txt
from core.sitemaps import PageSitemap
from experiences.sitemaps import ExperienceRoutesSitemap
from search.urls import api_urlpatterns as search_api_urls

from .api import api_router


@require_safe
def no_such_document(request, *args):
    raise Http404


SITEMAPS = {"pages": PageSitemap, "experiences": ExperienceRoutesSitemap, "a11y": AccessibilitySitemap}

# Machine and admin addresses keep one URL whatever the reader's language.
urlpatterns = [
    # Scoped replacements of Wagtail admin views, matched before Wagtail's own at the same path.
    path("admin/", include(scoped_admin_urls)),
    path("admin/", include(wagtailadmin_urls)),
    # An id longer than any database integer never reaches Wagtail's serve view, which would
    # hand it to the database (an overflow, a 500).
    re_path(r"^documents/(\d{19,})/", no_such_document),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/search/", include(search_api_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("i18n/<str:language>/", switch_language, name="switch_language"),
    # The identity providers know one callback address, so sign-in through them is unprefixed.
    path("accounts/", include("accounts.oidc_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    # For load balancers: liveness, and readiness of the database, caches, engine and outbox.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What readers see is addressable per UI language: /sv/…, /en/…, bokmål unprefixed
# (core/language_urls.py). Wagtail's catch-all page serving comes last.
urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Only signing in and out: passwords are set and reset in the admin (accounts/invitations.py),
    # and Django's other account pages have no templates here (every request was a 500).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("feedback/", include("feedback.urls")),
    path("feeds/", include("subscriptions.feed_urls")),
    path("subscriptions/", include("subscriptions.urls")),
    path("tilgjengelighet/", accessibility_statement, name="accessibility_statement"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
