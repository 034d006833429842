"""RSS and Atom feeds of new experiences, overall and per topic, tag, municipality, network, solution."""

import xml.etree.ElementTree as ET  # noqa: S405 - parses our own feed output in tests

import pytest

from wagtail.models import PageViewRestriction

from core.urls import base_url
from experiences.factories import (
    ExperiencePageFactory,
    MunicipalityFactory,
    NationalSolutionFactory,
    NetworkFactory,
    TopicFactory,
    published_on,
)

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world(experience_index):
    malvik, timra = MunicipalityFactory(name="Malvik"), MunicipalityFactory(name="Timrå")
    post, permits = TopicFactory(name="Digital post"), TopicFactory(name="Byggesak")
    digut = NetworkFactory(name="DiguT")
    svarut = NationalSolutionFactory(name="SvarUt")
    older = ExperiencePageFactory(
        parent=experience_index,
        title="SvarUt i Malvik",
        summary="Brev <b>digitalt</b> & raskt.",
        municipalities=[malvik],
        topics=[post],
        national_solutions=[svarut],
        network=digut,
        tags=["brev"],
        contact_name="Kari Kontakt",
        contact_email="kari@malvik.example.no",
        first_published_at=published_on(2024),
    )
    newer = ExperiencePageFactory(
        parent=experience_index,
        title="Byggesøknad i Timrå",
        municipalities=[timra],
        topics=[permits],
        first_published_at=published_on(2025),
    )
    draft = ExperiencePageFactory(parent=experience_index, title="Utkast om post", topics=[post], live=False)
    private = ExperiencePageFactory(
        parent=experience_index, title="Internt om post", topics=[post], municipalities=[malvik]
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {"older": older, "newer": newer, "draft": draft, "private": private, "malvik": malvik, "post": post}


def rss_titles(response):
    root = ET.fromstring(response.content)  # noqa: S314
    return [item.findtext("title") for item in root.iter("item")]


def test_overall_rss_lists_newest_live_public_experiences_first(client, world):
    response = client.get("/feeds/experiences/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss_titles(response) == ["Byggesøknad i Timrå", "SvarUt i Malvik"]


def test_atom_feed_has_the_same_entries(client, world):
    response = client.get("/feeds/experiences/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Byggesøknad i Timrå", "SvarUt i Malvik"]
    link = entries[1].find(f"{ATOM}link").get("href")
    assert link == base_url() + world["older"].url


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/topic/digital-post/rss/",
        "/feeds/municipality/malvik/rss/",
        "/feeds/network/digut/rss/",
        "/feeds/solution/svarut/rss/",
        "/feeds/tag/brev/rss/",
        "/feeds/topic/digital-post/atom/",
    ],
)
def test_scoped_feeds_hold_only_matching_experiences(client, world, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"SvarUt i Malvik" in response.content
    assert "Byggesøknad i Timrå".encode() not in response.content


@pytest.mark.parametrize(
    "path", ["/feeds/experiences/rss/", "/feeds/topic/digital-post/rss/", "/feeds/municipality/malvik/atom/"]
)
def test_drafts_and_restricted_pages_never_reach_a_feed(client, world, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    # The same feed does carry the public report that shares the draft's topic and the internal
    # page's municipality, so an absence below is a filter at work, not an empty feed.
    assert "SvarUt i Malvik" in body
    assert "Utkast om post" not in body
    assert "Internt om post" not in body


def test_feeds_carry_no_contact_person_and_escape_content(client, world):
    body = client.get("/feeds/experiences/rss/").content.decode()
    assert "Kari" not in body and "kari@malvik" not in body
    assert "Brev &lt;b&gt;digitalt&lt;/b&gt; &amp; raskt." in body
    root = ET.fromstring(body.encode())  # noqa: S314
    item = next(item for item in root.iter("item") if item.findtext("title") == "SvarUt i Malvik")
    assert item.findtext("description") == "Brev <b>digitalt</b> & raskt."


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/topic/no-such-topic/rss/",
        "/feeds/municipality/atlantis/atom/",
        "/feeds/colour/blue/rss/",
        "/feeds/tag/ukjent/rss/",
    ],
)
def test_unknown_kinds_and_slugs_answer_404(client, world, path):
    assert client.get(path).status_code == 404


def test_pages_announce_their_feeds_in_the_head(client, world, experience_index):
    html = client.get(world["older"].url).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/feeds/experiences/atom/"' in html

    html = client.get(experience_index.url + "kommune/malvik/").content.decode()
    assert 'href="/feeds/municipality/malvik/rss/"' in html

    html = client.get(experience_index.url + "?topic=digital-post").content.decode()
    assert 'href="/feeds/topic/digital-post/atom/"' in html
