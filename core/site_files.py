"""/robots.txt and /favicon.ico: the files crawlers and browsers ask for at the site root."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .urls import absolute_url

# Not for crawlers: the admin, and the search page's click-tracking redirects (each one would log
# a click and only lead to a page the sitemap already lists).
DISALLOWED = ("/admin/", "/search/go/")


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in DISALLOWED),
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; the file itself is a static file
    # (with a hashed name once collected), so this only points there.
    return redirect(static("favicon.ico"))
