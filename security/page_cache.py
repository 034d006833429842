"""Rendered public pages, kept for a short while for anonymous readers.

Most traffic is anonymous reading, and a page costs 35–150 ms of CPU to render (see
benchmarks/README.md, "Load and faults"). A page is kept only when nobody could see it
differently: an anonymous GET without a session, served by Wagtail, with no view
restriction, answered 200 without touching the session. Pages may carry a CSRF token
(feedback and sign-out forms post), so the token is stored as a placeholder and each reader
gets their own. The key holds the address and the UI language it was served in
(core/language_urls.py), so /sv/… and a bokmål address never share an entry. Reads of
experience reports are still counted on a hit.

Publishing, unpublishing, moving or deleting a page, and adding, changing or removing a
view restriction (a privacy change), starts a new generation of the
"pages" cache at once. With a shared cache server (REDIS_URL) or PAGE_CACHE_DIR (a folder
every worker on a host shares) that reaches every process; with the per-process memory
default, other processes see changes within PAGE_CACHE_SECONDS. PAGE_CACHE_SECONDS=0 turns it off.
"""

import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token

CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
PLACEHOLDER = b"erfa-csrf-token-placeholder"
GENERATION_KEY = "page-cache:generation"
# Cookies that do not change what a page shows: the language is part of the key.
NEUTRAL_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
KEPT_HEADERS = ("Content-Type", "Content-Language")


def _cache():
    return caches["pages"]


def seconds():
    return getattr(settings, "ERFA_PAGE_CACHE_SECONDS", 0)


def new_generation(*args, **kwargs):
    # Counted up in the cache itself (atomic on a shared server): two publishes in two
    # processes at once must give two new generations, not both the same next one, which
    # would keep a page rendered between them.
    cache = _cache()
    cache.add(GENERATION_KEY, 0, None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted between add and incr
        cache.add(GENERATION_KEY, 1, None)


def _generation():
    return _cache().get_or_set(GENERATION_KEY, 0, None)


def mark_cacheable(page, request):
    """Called before Wagtail serves ``page``: only unrestricted pages may be kept."""
    if not _may_use_cache(request) or page.get_view_restrictions().exists():
        return
    request.erfa_page_cacheable = True


def _may_use_cache(request):
    return (
        seconds() > 0
        and request.method == "GET"
        and not request.user.is_authenticated
        and set(request.COOKIES) <= NEUTRAL_COOKIES
    )


def _key(request):
    path = request.get_full_path()
    return f"page-cache:{_generation()}:{request.get_host()}:{request.LANGUAGE_CODE}:{path}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            return self.get_response(request)
        key = _key(request)
        entry = _cache().get(key)
        if entry is not None:
            return self._hit(request, entry)
        response = self.get_response(request)
        if self._keepable(request, response):
            _cache().set(key, self._entry(request, response), seconds())
            response["X-Erfa-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _keepable(request, response):
        session = getattr(request, "session", None)
        return (
            getattr(request, "erfa_page_cacheable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not (session is not None and session.modified)
        )

    @staticmethod
    def _entry(request, response):
        return {
            "content": CSRF_INPUT.sub(rb"\1" + PLACEHOLDER + rb"\2", response.content),
            "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
            # Set by the dashboard's view counter for pages whose reads it counts.
            "counted_page_id": getattr(request, "erfa_counted_page_id", None),
        }

    @staticmethod
    def _hit(request, entry):
        content = entry["content"]
        if PLACEHOLDER in content:
            content = content.replace(PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content)
        for name, value in entry["headers"].items():
            response[name] = value
        response["X-Erfa-Page-Cache"] = "hit"
        # Counted by the dashboard's ViewCountMiddleware, like a rendered read.
        request.erfa_counted_page_id = entry["counted_page_id"]
        return response
