"""Every public URL, every parameter it reads, hostile values: 200, 301, 302, 400 or 404, never a 500.

The URLs come from the URL resolver (and the routes of routable pages): a public URL pattern
missing from ``URLS`` fails ``test_every_public_url_pattern_is_fuzzed``, so a new view is
fuzzed from the day it exists. ``URLS`` names, per pattern, how to build a real URL for it and
which query (or form) parameters its view reads; every entry also gets a parameter it does not
read. Path arguments that are numbers are fuzzed too.
"""

from urllib.parse import quote

import pytest

from django.core.cache import caches
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from core.facets import FACETS
from experiences.factories import ExperiencePageFactory, MunicipalityFactory, NetworkFactory
from experiences.filters import ExperienceFilters
from gatherings.factories import GatheringIndexPageFactory, GatheringPageFactory
from home.factories import StandardPageFactory
from news.factories import NewsIndexPageFactory, NewsItemPageFactory
from search.insight_models import SearchLog
from wiki.factories import GuidePageFactory, ThemePageFactory

# 403: refused for who the reader is (a reader who is no contributor marking a reuse), whatever the value.
ALLOWED = {200, 301, 302, 400, 403, 404}
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"

# Query-string values as the reader sends them, already percent-encoded: "²" (a digit to
# str.isdigit(), not to int()), NUL, 5 000 digits, negative, 10^30, 10 kB, quotes and
# spaces (search syntax), NUL inside a word, and bytes that are not UTF-8.
VALUES = [
    "",
    quote("²"),
    "%00",
    "9" * 5000,
    "-1",
    "0",
    "1.5",
    "1" + "0" * 30,
    "a" * 10_240,
    "%22",
    "%20",
    "a%00b",
    "%FF%FE",
    quote("<script>"),
]
# Numbers in the path: beyond any database integer, and beyond what int() reads from text.
PATH_NUMBERS = ["1" + "0" * 30, "9" * 5000]

API_LISTING = (
    "search",
    "search_operator",
    "offset",
    "limit",
    "order",
    "fields",
    "type",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "locale",
    "translation_of",
    "has_children",
    "id",
    "slug",
    "title",
    "show_in_menus",
)
SEARCH = ("q", "page", "page_size", "sort", *FACETS)

# pattern → (how to build a URL from the test site, parameters the view reads, method)
URLS = {
    "search/": (lambda w: "/search/", SEARCH, "GET"),
    "api/search/": (lambda w: "/api/search/?q=svarut", SEARCH, "GET"),
    "api/search/suggest/": (lambda w: "/api/search/suggest/", ("q",), "GET"),
    "search/go/<int:log_id>/<int:page_id>/<int:position>/": (
        lambda w: f"/search/go/{w['log'].pk}/{w['report'].pk}/1/",
        ("next", "url"),
        "GET",
    ),
    "api/v2/^pages/": (lambda w: "/api/v2/pages/", API_LISTING, "GET"),
    "api/v2/^pages/<int:pk>/": (lambda w: f"/api/v2/pages/{w['report'].pk}/", ("fields", "type"), "GET"),
    "api/v2/^pages/find/": (lambda w: "/api/v2/pages/find/", ("html_path", "id"), "GET"),
    "api/v2/^images/": (lambda w: "/api/v2/images/", API_LISTING, "GET"),
    "api/v2/^images/<int:pk>/": (lambda w: "/api/v2/images/1/", ("fields",), "GET"),
    "api/v2/^images/find/": (lambda w: "/api/v2/images/find/", ("id",), "GET"),
    "api/v2/^documents/": (lambda w: "/api/v2/documents/", API_LISTING, "GET"),
    "api/v2/^documents/<int:pk>/": (lambda w: "/api/v2/documents/1/", ("fields",), "GET"),
    "api/v2/^documents/find/": (lambda w: "/api/v2/documents/find/", ("id",), "GET"),
    "documents/^(\\d+)/(.*)$": (lambda w: "/documents/1/report.pdf", (), "GET"),
    "^documents/(\\d{19,})/": (lambda w: "/documents/1" + "0" * 30 + "/report.pdf", (), "GET"),
    "documents/authenticate_with_password/<int:restriction_id>/": (
        lambda w: "/documents/authenticate_with_password/1/",
        ("next",),
        "GET",
    ),
    "i18n/setlang/": (lambda w: "/i18n/setlang/", ("language", "next"), "POST"),
    "i18n/<str:language>/": (lambda w: "/i18n/sv/", ("next",), "GET"),
    "jsi18n/": (lambda w: "/jsi18n/", ("language", "domain"), "GET"),
    "accounts/login/": (lambda w: "/accounts/login/", ("next", "username", "password"), "GET"),
    "accounts/logout/": (lambda w: "/accounts/logout/", ("next",), "POST"),
    "sitemap.xml": (lambda w: "/sitemap.xml", ("p",), "GET"),
    "robots.txt": (lambda w: "/robots.txt", (), "GET"),
    "favicon.ico": (lambda w: "/favicon.ico", (), "GET"),
    "healthz": (lambda w: "/healthz", (), "GET"),
    "readyz": (lambda w: "/readyz", (), "GET"),
    "accounts/oidc/<slug:provider>/login/": (lambda w: "/accounts/oidc/entra/login/", ("next",), "GET"),
    "accounts/oidc/callback/": (lambda w: "/accounts/oidc/callback/", ("code", "state", "error"), "GET"),
    "subscriptions/searches/": (lambda w: "/subscriptions/searches/", ("q", "page", "year", "municipality"), "POST"),
    "subscriptions/searches/<int:pk>/delete/": (lambda w: "/subscriptions/searches/1/delete/", (), "POST"),
    "feedback/<int:page_id>/useful/": (lambda w: f"/feedback/{w['report'].pk}/useful/", ("useful", "comment"), "POST"),
    "feedback/<int:page_id>/reused/": (lambda w: f"/feedback/{w['report'].pk}/reused/", ("municipality",), "POST"),
    "feedback/<int:page_id>/question/": (lambda w: f"/feedback/{w['report'].pk}/question/", ("text",), "POST"),
    "feeds/experiences/rss/": (lambda w: "/feeds/experiences/rss/", (), "GET"),
    "feeds/experiences/atom/": (lambda w: "/feeds/experiences/atom/", (), "GET"),
    "feeds/<str:kind>/<str:slug>/rss/": (
        lambda w: f"/feeds/municipality/{w['municipality'].slug}/rss/",
        (),
        "GET",
    ),
    "feeds/<str:kind>/<str:slug>/atom/": (lambda w: f"/feeds/network/{w['network'].slug}/atom/", (), "GET"),
    "feeds/news/rss/": (lambda w: "/feeds/news/rss/", (), "GET"),
    "feeds/news/atom/": (lambda w: "/feeds/news/atom/", (), "GET"),
    "feeds/news/network/<str:slug>/rss/": (lambda w: f"/feeds/news/network/{w['network'].slug}/rss/", (), "GET"),
    "feeds/news/network/<str:slug>/atom/": (lambda w: f"/feeds/news/network/{w['network'].slug}/atom/", (), "GET"),
    "subscriptions/": (lambda w: "/subscriptions/", ("saved",), "GET"),
    "subscriptions/follow/": (lambda w: "/subscriptions/follow/", ("kind", "slug", "action", "next"), "POST"),
    "subscriptions/unsubscribe/<str:token>/": (lambda w: "/subscriptions/unsubscribe/forged:token/", (), "GET"),
    "tilgjengelighet/": (lambda w: "/tilgjengelighet/", (), "GET"),
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": (
        lambda w: f"/_util/authenticate_with_password/1/{w['report'].pk}/",
        ("return_url",),
        "GET",
    ),
    "_util/login/": (lambda w: "/_util/login/", ("next",), "GET"),
    # Wagtail's page serving: one entry per routable page route below, the rest per page type.
    "^((?:[\\w\\-]+/)*)$": (lambda w: "/", ("page", "q"), "GET"),
    "ExperienceIndexPage:": (lambda w: w["index"].url, ("page", *ExperienceFilters.names()), "GET"),
    "ExperienceIndexPage:sammenlign/": (
        lambda w: w["index"].url + "sammenlign/",
        ("ids",),
        "GET",
    ),
    "ExperienceIndexPage:kommuner/": (lambda w: w["index"].url + "kommuner/", ("page",), "GET"),
    "ExperienceIndexPage:kommune/<slug:slug>/": (
        lambda w: w["index"].url + f"kommune/{w['municipality'].slug}/",
        ("page",),
        "GET",
    ),
    "ExperienceIndexPage:nettverk/<slug:slug>/": (
        lambda w: w["index"].url + f"nettverk/{w['network'].slug}/",
        ("page",),
        "GET",
    ),
    "GatheringIndexPage:": (
        lambda w: w["calendar"].url,
        ("page", "when", "network", "region", "topic", "year"),
        "GET",
    ),
    "GatheringIndexPage:kalender/": (lambda w: w["calendar"].url + "kalender/", (), "GET"),
    "GatheringIndexPage:nettverk/<slug:slug>/kalender/": (
        lambda w: w["calendar"].url + f"nettverk/{w['network'].slug}/kalender/",
        (),
        "GET",
    ),
    "GatheringPage:": (lambda w: w["gathering"].url, (), "GET"),
    "GatheringPage:kalender/": (lambda w: w["gathering"].url + "kalender/", (), "GET"),
    "GatheringPage:pamelding/": (lambda w: w["gathering"].url + "pamelding/", (), "POST"),
    "GatheringPage:avmelding/": (lambda w: w["gathering"].url + "avmelding/", (), "POST"),
    "GatheringPage:deltakere/": (lambda w: w["gathering"].url + "deltakere/", (), "GET"),
    "GuidePage:": (lambda w: w["guide"].url, (), "GET"),
    "GuidePage:historikk/": (lambda w: w["guide"].url + "historikk/", ("old", "new"), "GET"),
    "GuidePage:historikk/<int:old_id>/<int:new_id>/": (
        lambda w: w["guide"].url + f"historikk/{w['revision']}/{w['revision']}/",
        (),
        "GET",
    ),
}
# Page types served without routes of their own: built from the test site.
PAGE_TYPES = {
    "HomePage": lambda w: "/",
    "StandardPage": lambda w: w["standard"].url,
    "ExperiencePage": lambda w: w["report"].url,
    "WikiIndexPage": lambda w: w["wiki"].url,
    "GuidePage": lambda w: w["guide"].url,
    "ThemeIndexPage": lambda w: w["themes"].url,
    "ThemePage": lambda w: w["theme"].url,
    "ExperienceIndexPage": lambda w: w["index"].url,
    "GatheringIndexPage": lambda w: w["calendar"].url,
    "GatheringPage": lambda w: w["gathering"].url,
    "NewsIndexPage": lambda w: w["news"].url,
    "NewsItemPage": lambda w: w["news_item"].url,
}
NOT_PUBLIC = ("admin/",)


def public_patterns(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(NOT_PUBLIC):
            continue
        if isinstance(pattern, URLResolver):
            yield from public_patterns(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def routable_page_routes():
    for model in get_page_models():
        if issubclass(model, RoutablePageMixin) and not model._meta.abstract:
            for route in model.get_subpage_urls():
                yield f"{model.__name__}:{route.pattern}"


def test_every_public_url_pattern_is_fuzzed():
    missing = sorted({*public_patterns(), *routable_page_routes()} - set(URLS))
    assert missing == [], f"Add these URL patterns to URLS in {__file__}: {missing}"


def test_every_page_type_is_fuzzed():
    page_types = {model.__name__ for model in get_page_models() if model is not Page and not model._meta.abstract}
    assert page_types - set(PAGE_TYPES) == set()


@pytest.fixture
def world(home, experience_index, wiki_index, theme_index, reader):
    municipality = MunicipalityFactory(name="Malvik")
    network = NetworkFactory(name="DiguT")
    report = ExperiencePageFactory(
        parent=experience_index, title="SvarUt i Malvik", municipalities=[municipality], network=network
    )
    guide = GuidePageFactory(parent=wiki_index, title="Digital post")
    calendar = GatheringIndexPageFactory(parent=home)
    news = NewsIndexPageFactory(parent=home, network=network)
    return {
        "calendar": calendar,
        "gathering": GatheringPageFactory(parent=calendar, title="Høstsamling", networks=[network], capacity=1),
        "index": experience_index,
        "report": report,
        "municipality": municipality,
        "network": network,
        "wiki": wiki_index,
        "guide": guide,
        "revision": guide.latest_revision_id,
        "themes": theme_index,
        "theme": ThemePageFactory(parent=theme_index, title="Post"),
        "log": SearchLog.objects.create(query="svarut", ui_language="nb", results=1, engine="database"),
        "reader": reader,
        "standard": StandardPageFactory(parent=home, title="Om Erfa"),
        "news": news,
        "news_item": NewsItemPageFactory(parent=news, title="Nyhetsbrev", network=network),
    }


def queries(parameters):
    """Each parameter with each value, the parameter repeated, and one the view never reads."""
    for name in (*parameters, "unread"):
        for value in VALUES:
            yield f"{name}={value}"
        yield f"{name}=1&{name}={quote('²')}&{name}=2"


def _with_query(url, query):
    return f"{url}{'&' if '?' in url else '?'}{query}"


def fuzz(client, method, url, parameters):
    """The requests whose answer was not one a reader may get: [(status, method, url), ...]."""
    wrong = []
    for query in queries(parameters):
        for alias in ("default", "pages"):
            caches[alias].clear()  # rate limits and kept pages must not answer for the view
        if method == "POST":
            response = client.post(url, query, content_type="application/x-www-form-urlencoded")
        else:
            response = client.get(_with_query(url, query))
        if response.status_code not in ALLOWED:
            wrong.append((response.status_code, method, _with_query(url, query)[:160]))
    return wrong


def _client(world, signed_in):
    client = Client(HTTP_USER_AGENT=BROWSER, raise_request_exception=False)
    if signed_in:
        client.force_login(world["reader"])
    return client


# Views that read parameters differently for a signed-in reader are fuzzed for one too.
SIGNED_IN_DIFFERS = (
    "search/",
    "api/search/",
    "feedback/",
    "subscriptions/",
    "ExperienceIndexPage:",
    "GatheringIndexPage:",
    "GatheringPage:",
)


@pytest.mark.parametrize(
    ("pattern", "signed_in"),
    [(pattern, False) for pattern in sorted(URLS)]
    + [(pattern, True) for pattern in sorted(URLS) if pattern.startswith(SIGNED_IN_DIFFERS)],
)
def test_hostile_parameter_values_never_answer_500(world, pattern, signed_in):
    build, parameters, method = URLS[pattern]
    assert fuzz(_client(world, signed_in), method, build(world), parameters) == []


@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_hostile_parameter_values_on_every_page_type_never_answer_500(world, page_type):
    assert fuzz(_client(world, False), "GET", PAGE_TYPES[page_type](world), ("page", "q")) == []


@pytest.mark.parametrize("pattern", sorted(pattern for pattern in URLS if "<int:" in pattern or "(\\d+)" in pattern))
def test_numbers_in_the_path_beyond_any_id_never_answer_500(world, pattern):
    client = _client(world, False)
    build, _parameters, method = URLS[pattern]
    url = build(world)
    wrong = []
    for number in PATH_NUMBERS:
        for known in {str(world["report"].pk), str(world["log"].pk), str(world["revision"]), "1"}:
            if f"/{known}/" not in url:
                continue
            hostile = url.replace(f"/{known}/", f"/{number}/", 1)
            response = client.post(hostile) if method == "POST" else client.get(hostile)
            if response.status_code not in ALLOWED:
                wrong.append((response.status_code, hostile[:160]))
    assert wrong == []
