"""What the site tells crawlers, feed readers and browsers about itself: absolute URLs from one
base URL, descriptions, canonical links, robots.txt, favicon, sitemap, feed discovery."""

import xml.etree.ElementTree as ET

import pytest

from django.contrib.staticfiles import finders
from django.urls import reverse

from wagtail.models import PageViewRestriction

from core.urls import absolute_url, page_url
from experiences.factories import ExperiencePageFactory, MunicipalityFactory, NetworkFactory
from home.factories import StandardPageFactory

BASE = "https://erfa.example"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE + "/"


@pytest.fixture
def report(experience_index):
    malvik = MunicipalityFactory(name="Malvik")
    network = NetworkFactory(name="Trøndelag digitalt", members=[malvik])
    return ExperiencePageFactory(
        parent=experience_index,
        title="SvarUt i Malvik",
        summary="Malvik tok i bruk SvarUt for all utgående post.",
        municipalities=[malvik],
        network=network,
        tags=["digital post"],
    )


def test_absolute_url_puts_any_path_or_url_on_the_base_url():
    assert absolute_url("/erfaringer/?topic=a") == f"{BASE}/erfaringer/?topic=a"
    assert absolute_url("http://localhost/erfaringer/x/") == f"{BASE}/erfaringer/x/"
    assert absolute_url("") == f"{BASE}/"


def test_page_url_ignores_the_site_record_host(report):
    assert page_url(report) == BASE + report.url


def sitemap_locations(client):
    response = client.get("/sitemap.xml", HTTP_HOST="other.example")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_urls_are_on_the_base_url(client, report):
    locations = sitemap_locations(client)
    assert BASE + report.url in locations
    assert all(location.startswith(BASE + "/") for location in locations), locations


def test_sitemap_lists_municipality_network_list_and_accessibility_pages(client, report, experience_index):
    locations = sitemap_locations(client)
    index = BASE + experience_index.url
    assert f"{index}kommuner/" in locations
    assert f"{index}kommune/malvik/" in locations
    assert f"{index}nettverk/{report.network.slug}/" in locations
    assert f"{BASE}/tilgjengelighet/" in locations


def test_sitemap_leaves_out_municipalities_with_only_internal_reports(client, report, experience_index):
    hidden = MunicipalityFactory(name="Hemmelvik")
    internal = ExperiencePageFactory(parent=experience_index, title="Internt", municipalities=[hidden])
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
    locations = sitemap_locations(client)
    assert f"{BASE}{experience_index.url}kommune/hemmelvik/" not in locations
    assert BASE + internal.url not in locations


def test_api_html_url_is_on_the_base_url(client, report):
    detail = client.get(f"/api/v2/pages/{report.pk}/", HTTP_HOST="other.example").json()
    assert detail["meta"]["html_url"] == BASE + report.url
    listing = client.get("/api/v2/pages/?type=experiences.ExperiencePage").json()
    assert [item["meta"]["html_url"] for item in listing["items"]] == [BASE + report.url]


def test_feed_links_are_on_the_base_url_not_the_request_host(client, report):
    response = client.get("/feeds/experiences/atom/", HTTP_HOST="other.example")
    body = response.content.decode()
    assert f'href="{BASE}{report.url}"' in body
    assert f'href="{BASE}/feeds/experiences/atom/"' in body
    assert "other.example" not in body and "localhost" not in body


def test_pages_describe_themselves_from_their_summary(client, report):
    html = client.get(report.url).content.decode()
    assert '<meta name="description" content="Malvik tok i bruk SvarUt for all utgående post.">' in html


def test_pages_without_text_of_their_own_get_the_site_description(client, home):
    client.cookies["erfa_language"] = "en"
    html = client.get("/accounts/login/").content.decode()
    assert '<meta name="description" content="Nordic municipalities share what they learned' in html


def test_canonical_link_is_absolute_and_drops_filters(client, report, experience_index):
    html = client.get(report.url, HTTP_HOST="other.example").content.decode()
    assert f'<link rel="canonical" href="{BASE}{report.url}">' in html
    html = client.get(f"{experience_index.url}?tag=digital+post&page=2").content.decode()
    assert f'<link rel="canonical" href="{BASE}{experience_index.url}?page=2">' in html


def test_not_found_page_names_no_canonical_address(client, home):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert 'rel="canonical"' not in response.content.decode()


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin_and_click_tracking(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: " + reverse("search") + "go/" in lines


def test_favicon_ico_leads_to_a_real_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    name = response["Location"].removeprefix("/static/")
    assert finders.find(name) and name.endswith(".ico")


def test_pages_link_an_svg_favicon_that_exists(client, home):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("favicon.svg")


def test_experience_index_filtered_to_one_tag_announces_the_tag_feed(client, report, experience_index):
    html = client.get(f"{experience_index.url}?tag=digital+post").content.decode()
    assert 'href="/feeds/tag/digital-post/rss/"' in html
    assert 'href="/feeds/tag/digital-post/atom/"' in html


def test_standard_page_description_falls_back_to_search_description(client, home):
    page = StandardPageFactory(parent=home, title="Om Erfa", slug="om", search_description="Hva Erfa er.")
    html = client.get(page.url).content.decode()
    assert '<meta name="description" content="Hva Erfa er.">' in html
