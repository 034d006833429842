"""Every public URL refuses a POST that carries no CSRF token.

The URL conf is walked, so a view added later is covered without touching this file. A view
that does not accept POST at all may answer 405 instead; anything else (2xx, 3xx, 400,
500) means a state-changing request got past the CSRF check.
"""

import re

import pytest

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from experiences.factories import ExperiencePageFactory, MunicipalityFactory
from wiki.factories import GuidePageFactory, ThemePageFactory

SKIP_PREFIXES = ("admin/",)  # Wagtail's own admin; its sign-in is checked below
# Deliberately exempt views, each with the credential that replaces the CSRF token. A POST with a
# forged credential must still be refused (400), and no other view may be exempt.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail clients post without a session; the signed token in
    # the URL authorizes stopping that one user's digest, nothing else.
    "/subscriptions/unsubscribe/": 400,
}
SAMPLES = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _route(pattern):
    text = str(pattern.pattern)
    text = re.sub(r"<(?:(\w+):)?\w+>", lambda match: SAMPLES.get(match.group(1) or "str", "x"), text)
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)  # named groups of regular-expression routes
    return text.replace("^", "").replace("$", "")


def walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + _route(entry)
        if route.startswith(SKIP_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            if "(" in route:
                continue  # Wagtail's page catch-all; pages are sampled in site_urls
            yield "/" + route


@pytest.fixture
def site_urls(home, experience_index, wiki_index, theme_index):
    municipality = MunicipalityFactory(name="Malvik", slug="malvik")
    experience = ExperiencePageFactory(parent=experience_index, municipalities=[municipality])
    guide = GuidePageFactory(parent=wiki_index)
    theme = ThemePageFactory(parent=theme_index)
    pages = [
        "/",
        experience_index.url,
        experience.url,
        guide.url,
        f"{guide.url}historikk/",
        theme.url,
        f"{experience_index.url}sammenlign/?ids={experience.pk}",
        f"{experience_index.url}kommune/malvik/",
        "/finnes-ikke/",
    ]
    return sorted(set(walk(get_resolver().url_patterns))) + pages


def test_the_url_walk_finds_the_public_post_targets(site_urls):
    for url in ("/i18n/setlang/", "/accounts/login/", "/accounts/logout/", "/search/", "/api/search/"):
        assert url in site_urls


def test_post_without_csrf_token_is_refused_everywhere(site_urls, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    let_through = {}
    exempt_seen = set()
    for url in site_urls:
        status = client.post(url, {"language": "sv", "q": "x", "username": "reader"}).status_code
        exempt = next((prefix for prefix in CSRF_EXEMPT if url.startswith(prefix)), None)
        if exempt is not None:
            exempt_seen.add(exempt)
            if status != CSRF_EXEMPT[exempt]:
                let_through[url] = status
        elif status not in (403, 405):
            let_through[url] = status
    assert not let_through, f"POST without a CSRF token was not refused: {let_through}"
    assert exempt_seen == set(CSRF_EXEMPT), "an exemption above no longer matches a URL: remove it"


def test_state_changing_forms_refuse_a_missing_token_with_403(reader, home):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/accounts/login/", {"username": "reader", "password": "pw-reader-123"}).status_code == 403
    assert client.post("/admin/login/", {"username": "reader", "password": "pw-reader-123"}).status_code == 403
    assert client.post("/i18n/setlang/", {"language": "sv", "next": "/"}).status_code == 403
    client.force_login(reader)
    assert client.post("/accounts/logout/").status_code == 403
    assert "_auth_user_id" in client.session


def test_the_same_forms_work_with_the_token(reader, home):
    # Proves the 403s above come from the missing token, not from the forms being broken.
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/", {"username": "reader", "password": "pw-reader-123", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    token = client.cookies["csrftoken"].value
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.cookies["erfa_language"].value == "sv"
