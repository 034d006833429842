"""Gatherings and their programmes in search, on the database backend and both engines."""

import pytest

from wagtail.models import PageViewRestriction

from gatherings.factories import GatheringPageFactory, in_days
from search.params import SearchParams
from search.service import run_search
from search.suggest import invalidate_vocabulary

from ..search.conftest import engine_urls, search_backend  # noqa: F401


def search(query, signed_in=False, **params):
    return run_search(SearchParams(query, include_internal=signed_in, **params))


def titles(query, signed_in=False, **params):
    return [hit.title for hit in search(query, signed_in, **params).hits]


@pytest.fixture
def gatherings(search_backend, autumn, calendar_page):  # noqa: F811
    internal = GatheringPageFactory(
        parent=calendar_page,
        title="Strategimøte i DiguT",
        starts_at=in_days(40, 10),
        ends_at=in_days(40, 14),
        sessions=[{"starts_at": in_days(40, 10), "title": "Kvartalsrapport om tjenestekatalogen"}],
    )
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
    search_backend.sync()
    invalidate_vocabulary()
    return {"public": autumn, "internal": internal}


def test_a_session_title_finds_its_gathering_as_type_gathering(gatherings):
    response = search("SvarUt")
    hits = {hit.title: hit.type for hit in response.hits}
    assert hits.get("Høstsamling eForum Trøndelag") == "gathering"
    types = {bucket["value"]: bucket["count"] for bucket in response.facets["type"]}
    assert types["gathering"] == 1


def test_the_type_facet_narrows_to_gatherings(gatherings):
    assert titles("SvarUt", filters={"type": ("gathering",)}) == ["Høstsamling eForum Trøndelag"]


def test_anonymous_readers_never_find_an_internal_gathering(gatherings):
    assert "Strategimøte i DiguT" not in titles("tjenestekatalogen")
    assert "Strategimøte i DiguT" in titles("tjenestekatalogen", signed_in=True)


def test_speakers_names_are_not_searchable(gatherings):
    assert "Høstsamling eForum Trøndelag" not in titles("Nordmann")
    assert "Høstsamling eForum Trøndelag" not in titles("Nordmann", signed_in=True)


def test_suggestions_offer_gathering_titles_to_those_who_may_see_them(gatherings, client, reader):
    anonymous = str(client.get("/api/search/suggest/?q=høstsaml").json()["suggestions"])
    assert "Høstsamling eForum Trøndelag" in anonymous
    assert "Strategimøte" not in str(client.get("/api/search/suggest/?q=strategim").json()["suggestions"])
    client.force_login(reader)
    assert "Strategimøte i DiguT" in str(client.get("/api/search/suggest/?q=strategim").json()["suggestions"])


def test_a_word_only_in_a_sessions_slides_finds_the_gathering_with_file_and_page(search_backend, calendar_page):  # noqa: F811
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    from attachments.extraction import extract_pending

    from ..attachments.files import pdf_bytes

    slides = Document.objects.create(
        title="Lysark: felles tjenestekatalog",
        file=ContentFile(
            pdf_bytes([["Felles tjenestekatalog"], ["Neste steg: tjenestedesign med innbyggerpanel i Fosen"]]),
            name="lysark-tjenestekatalog.pdf",
        ),
    )
    GatheringPageFactory(
        parent=calendar_page,
        title="Vårsamling i DiguT",
        starts_at=in_days(12, 9),
        ends_at=in_days(12, 15),
        sessions=[{"starts_at": in_days(12, 10), "title": "Status for tjenestekatalogen", "slides": slides}],
    )
    extract_pending()
    search_backend.sync()
    invalidate_vocabulary()

    response = search("innbyggerpanel")
    assert [(hit.title, hit.type) for hit in response.hits] == [("Vårsamling i DiguT", "gathering")]
    assert response.hits[0].attachment["file"] == slides.filename
    assert response.hits[0].attachment["page"] == 2
