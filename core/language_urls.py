"""The UI language lives in the URL: /sv/… and /en/…, bokmål without a prefix.

The public site sits inside Django's ``i18n_patterns`` (config/urls.py), so ``reverse()``,
``{% url %}`` and Wagtail's ``page.url`` all carry the active language's prefix and a
reader who follows links stays in their language. The admin, the API, documents, the
sitemap and /i18n/ stay unprefixed.

The ``erfa_language`` cookie is the remembered choice. A language in the URL always wins
over it, so a shared /sv/ link, a search engine and the page cache all see the same page.
An unprefixed address is bokmål for anyone who has not chosen otherwise (a crawler, a new
reader) and the remembered or browser's language for those who have; the links on that
page then carry the reader's prefix. The language menu's links go through
``switch_language``, which stores the choice and redirects to the page in that language:
plain links, so they need neither a button nor JavaScript.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import Http404, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import LocalePrefixPattern, Resolver404, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation.trans_real import parse_accept_lang_header

from core.urls import absolute_url

# Readers whose browsers ask for these get the closest UI the site speaks: a Danish or
# Nynorsk reader reads bokmål far more easily than the English Django would fall back to.
CLOSEST_UI_LANGUAGE = {"da": "nb", "nn": "nb", "no": "nb"}


def ui_languages():
    return [code for code, _name in settings.LANGUAGES]


def split_language(path):
    """``/sv/erfaringer/`` -> ("sv", "/erfaringer/"); an unprefixed path is the default language."""
    for code in ui_languages():
        prefix = f"/{code}/"
        if code != settings.LANGUAGE_CODE and (path.startswith(prefix) or path == prefix[:-1]):
            return code, "/" + path[len(prefix) :]
    return settings.LANGUAGE_CODE, path


def path_in_language(path, language):
    """The same public path in another UI language (every prefix is a plain path segment)."""
    _current, neutral = split_language(path)
    if language == settings.LANGUAGE_CODE:
        return neutral
    return f"/{language}{neutral}"


def default_language_url(page):
    """``page``'s address in the default language: what the search index stores for every reader."""
    with translation.override(settings.LANGUAGE_CODE):
        return page.get_url()


def in_active_language(path):
    """A stored site path (from ``default_language_url``) in the reader's UI language."""
    language = translation.get_language()
    if not path.startswith("/") or language not in ui_languages():
        return path
    return path_in_language(path, language)


@functools.lru_cache
def _unprefixed_resolver(urlconf):
    patterns = get_resolver(urlconf).url_patterns
    kept = [p for p in patterns if not isinstance(getattr(p, "pattern", None), LocalePrefixPattern)]
    return URLResolver(RegexPattern(r"^/"), kept)


def is_public_path(path, urlconf=None):
    """True for paths served inside ``i18n_patterns`` (anything the unprefixed routes do not claim)."""
    try:
        _unprefixed_resolver(urlconf or settings.ROOT_URLCONF).resolve(path)
    except Resolver404:
        return True
    return False


def _browser_language(request):
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = code.split("-")[0].lower()
        language = CLOSEST_UI_LANGUAGE.get(base, base)
        if language in ui_languages():
            return language
    return None


def preferred_language(request):
    """The reader's remembered choice, else the browser's closest UI language, else the default."""
    remembered = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if remembered in ui_languages():
        return remembered
    return _browser_language(request) or settings.LANGUAGE_CODE


class LanguageMiddleware(LocaleMiddleware):
    """Takes the language from the URL on public paths, from the reader's choice elsewhere."""

    def process_request(self, request):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        in_url, neutral = split_language(request.path_info)
        public = is_language_prefix_patterns_used(urlconf)[0] and is_public_path(request.path_info, urlconf)
        request.erfa_language_in_url = public
        request.erfa_unprefixed = in_url == settings.LANGUAGE_CODE
        # An unprefixed address (a public page, the admin, the API) answers in the
        # remembered choice; Wagtail's admin then applies the user's admin language.
        language = in_url if public and not request.erfa_unprefixed else preferred_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        if public and request.erfa_unprefixed and request.LANGUAGE_CODE != settings.LANGUAGE_CODE:
            # i18n_patterns match the active language's prefix only; route the unprefixed
            # address as its prefixed twin. request.path (what readers and the cache see) stays.
            request.path_info = path_in_language(neutral, request.LANGUAGE_CODE)

    def process_response(self, request, response):
        if getattr(request, "erfa_unprefixed", True):
            # An unprefixed address answers each reader in their remembered language.
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def switch_language(request, language):
    """The language menu: remember ``language`` and show ``next`` (a path on this site) in it."""
    if language not in ui_languages():
        raise Http404("Unknown language")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None) or not target.startswith("/"):
        target = "/"
    parts = urlsplit(target)
    path = path_in_language(parts.path, language) if is_public_path(parts.path) else parts.path
    response = HttpResponseRedirect(path + (f"?{parts.query}" if parts.query else ""))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    add_never_cache_headers(response)
    return response


def language_links(request):
    """Context processor: the current page in every UI language, for hreflang and the menu."""
    if not getattr(request, "erfa_language_in_url", False):
        return {}
    full_path = request.get_full_path()
    current = translation.get_language()
    links = []
    for code in ui_languages():
        info = translation.get_language_info(code)
        url = path_in_language(full_path, code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "absolute_url": absolute_url(url),
                "current": code == current,
            }
        )
    neutral = split_language(full_path)[1]
    return {"language_links": links, "language_default_url": absolute_url(neutral), "language_next": full_path}
