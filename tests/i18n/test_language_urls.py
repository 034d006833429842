"""The UI language lives in the URL (/sv/…, /en/…, bokmål unprefixed); the cookie remembers it."""

import re

import pytest

from django.test import Client

from experiences.factories import ExperiencePageFactory

BASE = "https://erfa.example"
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">')
SWITCHER = re.compile(r'<nav class="language-switcher".*?</nav>', re.S)


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE


@pytest.fixture
def report(experience_index):
    return ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik", slug="svarut-i-malvik")


def test_swedish_address_shows_the_swedish_ui_whatever_the_cookie_says(client, experience_index):
    client.cookies["erfa_language"] = "en"
    response = client.get("/sv/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv"' in html
    assert "Erfarenheter" in html
    assert response["Content-Language"] == "sv"


def test_unprefixed_address_is_bokmal_for_a_reader_who_chose_nothing(client, experience_index):
    html = client.get("/").content.decode()
    assert '<html lang="nb"' in html
    assert "Erfaringer" in html


def test_links_on_a_swedish_page_keep_the_reader_in_swedish(client, report):
    html = client.get("/sv/erfaringer/svarut-i-malvik/").content.decode()
    assert '<html lang="sv"' in html
    # Header, main navigation, footer and the search form all lead to Swedish addresses.
    assert 'class="site-header__brand" href="/sv/"' in html
    assert 'href="/sv/erfaringer/"' in html
    assert 'href="/sv/tilgjengelighet/"' in html
    assert 'action="/sv/search/"' in html
    assert 'href="/erfaringer/"' not in html


def test_every_public_page_lists_its_language_alternates_as_absolute_urls(client, report):
    html = client.get("/en/erfaringer/svarut-i-malvik/?tag=x").content.decode()
    assert dict(ALTERNATE.findall(html)) == {
        "nb": f"{BASE}/erfaringer/svarut-i-malvik/?tag=x",
        "sv": f"{BASE}/sv/erfaringer/svarut-i-malvik/?tag=x",
        "en": f"{BASE}/en/erfaringer/svarut-i-malvik/?tag=x",
        "x-default": f"{BASE}/erfaringer/svarut-i-malvik/?tag=x",
    }


def test_language_menu_is_plain_links_without_a_button(client, report):
    html = client.get("/sv/erfaringer/svarut-i-malvik/").content.decode()
    menu = SWITCHER.search(html).group(0)
    assert "<button" not in menu and "<select" not in menu and "<form" not in menu
    next_path = "/sv/erfaringer/svarut-i-malvik/"
    assert f'href="/i18n/nb/?next={next_path}" lang="nb" hreflang="nb">Norsk (bokmål)</a>' in menu
    assert f'href="/i18n/sv/?next={next_path}" lang="sv" hreflang="sv" aria-current="true">Svenska</a>' in menu
    assert f'href="/i18n/en/?next={next_path}" lang="en" hreflang="en">English</a>' in menu


def test_choosing_a_language_opens_the_page_in_it_and_remembers_the_choice(client, report):
    response = client.get("/i18n/sv/", {"next": "/erfaringer/svarut-i-malvik/"})
    assert response.status_code == 302
    assert response["Location"] == "/sv/erfaringer/svarut-i-malvik/"
    assert client.cookies["erfa_language"].value == "sv"
    assert client.cookies["erfa_language"]["max-age"]  # remembered beyond this browser session
    # The remembered choice answers where the address names no language.
    assert '<html lang="sv"' in client.get("/").content.decode()

    back = client.get("/i18n/nb/", {"next": "/sv/erfaringer/svarut-i-malvik/?page=2"})
    assert back["Location"] == "/erfaringer/svarut-i-malvik/?page=2"
    assert client.cookies["erfa_language"].value == "nb"
    assert '<html lang="nb"' in client.get("/").content.decode()


def test_language_switch_stays_on_this_site_and_rejects_unknown_languages(client, home):
    assert client.get("/i18n/en/", {"next": "https://evil.example/"})["Location"] == "/en/"
    assert client.get("/i18n/en/", {"next": "//evil.example/"})["Location"] == "/en/"
    assert client.get("/i18n/xx/", {"next": "/"}).status_code == 404


def test_page_cache_never_serves_a_swedish_page_at_the_bokmal_address(settings, report):
    settings.ERFA_PAGE_CACHE_SECONDS = 60
    swedish = Client()
    swedish.cookies["erfa_language"] = "sv"
    assert '<html lang="sv"' in swedish.get("/erfaringer/svarut-i-malvik/").content.decode()
    assert '<html lang="sv"' in Client().get("/sv/erfaringer/svarut-i-malvik/").content.decode()
    # A reader with the Swedish choice remembered reading the Swedish address.
    also_swedish = Client()
    also_swedish.cookies["erfa_language"] = "nb"
    assert '<html lang="sv"' in also_swedish.get("/sv/erfaringer/svarut-i-malvik/").content.decode()
    newcomer = Client().get("/erfaringer/svarut-i-malvik/")
    assert newcomer["X-Erfa-Page-Cache"] == "miss"
    assert '<html lang="nb"' in newcomer.content.decode()
    # The unprefixed address answers by the remembered choice, so shared caches must tell readers apart.
    assert {"Cookie", "Accept-Language"} <= {part.strip() for part in newcomer["Vary"].split(",")}


def test_danish_browser_gets_the_bokmal_ui_not_english(client, experience_index):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="da-DK,da;q=0.9,en;q=0.8").content.decode()
    assert '<html lang="nb"' in html


def test_admin_and_api_keep_their_unprefixed_addresses(client, admin_client, report):
    admin_client.cookies["erfa_language"] = "en"
    admin = admin_client.get("/admin/")
    assert admin.status_code == 200
    assert "Dashboard" in admin.content.decode()
    assert admin_client.get("/sv/admin/").status_code == 404
    data = client.get(f"/api/v2/pages/{report.pk}/").json()
    assert data["meta"]["html_url"].endswith("/erfaringer/svarut-i-malvik/")
    assert "/sv/" not in data["meta"]["html_url"]
    assert client.get(f"/sv/api/v2/pages/{report.pk}/").status_code == 404
