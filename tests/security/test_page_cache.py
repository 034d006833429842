"""Rendered public pages kept for anonymous readers: who gets them, what stays personal."""

import re

import pytest

from django.test import Client

from wagtail.models import PageViewRestriction

from dashboard.models import PageViewCount
from experiences.factories import ExperiencePageFactory

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.ERFA_PAGE_CACHE_SECONDS = 60


def fresh_client():
    return Client(enforce_csrf_checks=True, HTTP_USER_AGENT=BROWSER)


@pytest.fixture
def report(experience_index):
    return ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik")


def test_second_anonymous_reader_gets_the_kept_page(report):
    first = fresh_client().get(report.url)
    second = fresh_client().get(report.url)
    assert first["X-Erfa-Page-Cache"] == "miss"
    assert second["X-Erfa-Page-Cache"] == "hit"
    assert "SvarUt i Malvik" in second.content.decode()
    assert second["Content-Type"].startswith("text/html")


def test_each_reader_gets_a_working_csrf_token_of_their_own(report):
    fresh_client().get(report.url)
    reader = fresh_client()
    page = reader.get(report.url)
    assert page["X-Erfa-Page-Cache"] == "hit"
    assert "csrftoken" in page.cookies
    tokens = TOKEN.findall(page.content.decode())
    assert tokens and "placeholder" not in tokens[0]
    switched = reader.post("/i18n/setlang/", {"language": "sv", "next": report.url, "csrfmiddlewaretoken": tokens[0]})
    assert switched.status_code == 302  # 403 if the kept page carried someone else's token


def test_languages_are_kept_apart(report):
    fresh_client().get(report.url)
    swedish = fresh_client()
    swedish.cookies["erfa_language"] = "sv"
    response = swedish.get(report.url)
    assert response["X-Erfa-Page-Cache"] == "miss"
    assert response["Content-Language"] == "sv"


def test_signed_in_readers_and_readers_with_a_session_are_never_served_kept_pages(report, reader):
    fresh_client().get(report.url)
    signed_in = fresh_client()
    signed_in.force_login(reader)
    response = signed_in.get(report.url)
    assert "X-Erfa-Page-Cache" not in response
    with_session = fresh_client()
    with_session.cookies["sessionid"] = "anything"
    assert "X-Erfa-Page-Cache" not in with_session.get(report.url)


def test_pages_for_signed_in_readers_only_are_never_kept(report, reader):
    PageViewRestriction.objects.create(page=report, restriction_type=PageViewRestriction.LOGIN)
    signed_in = fresh_client()
    signed_in.force_login(reader)
    assert signed_in.get(report.url).status_code == 200
    anonymous = fresh_client().get(report.url)
    assert anonymous.status_code == 302
    assert "X-Erfa-Page-Cache" not in anonymous


def test_publishing_starts_a_new_generation(report):
    fresh_client().get(report.url)
    report.title = "SvarUt i Malvik, etter ett år"
    report.save_revision().publish()
    response = fresh_client().get(report.url)
    assert response["X-Erfa-Page-Cache"] == "miss"
    assert "etter ett år" in response.content.decode()


def test_reads_served_from_the_cache_are_still_counted_and_bots_still_are_not(report):
    for _ in range(3):
        fresh_client().get(report.url)
    Client(HTTP_USER_AGENT="Googlebot/2.1").get(report.url)
    assert PageViewCount.objects.get(page=report).count == 3


def test_turned_off_with_zero_seconds(report, settings):
    settings.ERFA_PAGE_CACHE_SECONDS = 0
    fresh_client().get(report.url)
    assert "X-Erfa-Page-Cache" not in fresh_client().get(report.url)


@pytest.mark.parametrize("restriction_type", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD])
def test_making_a_page_internal_drops_the_kept_copy_at_once(report, restriction_type):
    assert fresh_client().get(report.url).status_code == 200
    PageViewRestriction.objects.create(page=report, restriction_type=restriction_type, password="pw-secret")
    response = fresh_client().get(report.url)
    assert response.status_code in (200, 302)
    assert "SvarUt i Malvik" not in response.content.decode()
    assert response.get("X-Erfa-Page-Cache") != "hit"


def test_restricting_a_parent_drops_the_kept_copies_below_it(report, experience_index):
    fresh_client().get(report.url)
    PageViewRestriction.objects.create(page=experience_index, restriction_type=PageViewRestriction.LOGIN)
    response = fresh_client().get(report.url)
    assert response.status_code == 302
    assert "X-Erfa-Page-Cache" not in response


def test_lifting_a_restriction_refreshes_kept_listings(report, experience_index):
    restriction = PageViewRestriction.objects.create(page=report, restriction_type=PageViewRestriction.LOGIN)
    assert "SvarUt i Malvik" not in fresh_client().get(experience_index.url).content.decode()
    restriction.delete()
    assert "SvarUt i Malvik" in fresh_client().get(experience_index.url).content.decode()
