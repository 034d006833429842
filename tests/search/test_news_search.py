"""News items in search, run against the database backend and both real engines: found with
type "news" in the type facet, analysed in their own language, and under the one visibility rule."""

import pytest

from wagtail.models import PageViewRestriction

from experiences.factories import ExperiencePageFactory, MunicipalityFactory, NetworkFactory
from news.factories import NewsIndexPageFactory, NewsItemPageFactory
from search.documents import build_document
from search.params import SearchParams
from search.service import run_search
from search.suggest import invalidate_vocabulary


def search(query, signed_in=False, **params):
    return run_search(SearchParams(query, include_internal=signed_in, **params))


def counts(response, facet):
    return {bucket["value"]: bucket["count"] for bucket in response.facets.get(facet, [])}


@pytest.fixture
def content(search_backend, home, experience_index):
    network = NetworkFactory(name="eSamverkan Västernorrland", country="SE")
    timra = MunicipalityFactory(name="Timrå", country="SE")
    index = NewsIndexPageFactory(parent=home, network=network)
    news = NewsItemPageFactory(
        parent=index,
        title="Handlingsplanen för digitalisering är antagen",
        intro="Kommundirektörerna antog handlingsplanen för digitaliseringsrådet.",
        language="sv",
        network=network,
        municipalities=[timra],
        body=[{"type": "paragraph", "value": "<p>Självservice och digitala tjänster dygnet runt.</p>"}],
    )
    hidden = NewsItemPageFactory(
        parent=index, title="Internt om handlingsplanen", intro="Budget för handlingsplanen.", language="sv"
    )
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    NewsItemPageFactory(parent=index, title="Utkast om handlingsplanen", language="sv", live=False)
    ExperiencePageFactory(
        parent=experience_index,
        title="Handlingsplanen i Timrå",
        summary="Timrå skrev en handlingsplan.",
        language="sv",
        municipalities=[timra],
    )
    search_backend.sync()
    invalidate_vocabulary()
    return {"news": news, "hidden": hidden, "backend": search_backend}


def test_news_items_are_found_and_counted_as_type_news(content):
    response = search("handlingsplanen")
    assert sorted(hit.title for hit in response.hits) == [
        "Handlingsplanen för digitalisering är antagen",
        "Handlingsplanen i Timrå",
    ]
    assert counts(response, "type") == {"experience": 1, "news": 1}
    [hit] = [hit for hit in response.hits if hit.type == "news"]
    assert hit.url == content["news"].url


def test_type_news_filter_keeps_only_news(content):
    response = search("handlingsplanen", filters={"type": ("news",)})
    assert [hit.title for hit in response.hits] == ["Handlingsplanen för digitalisering är antagen"]
    assert counts(response, "network") == {content["news"].network.slug: 1}


def test_internal_news_is_found_by_signed_in_readers_only(content):
    assert "Internt om handlingsplanen" not in [hit.title for hit in search("handlingsplanen").hits]
    assert search("budget").total == 0
    signed_in = [hit.title for hit in search("budget", signed_in=True).hits]
    assert signed_in == ["Internt om handlingsplanen"]


def test_news_is_analysed_in_its_own_language(content):
    document = build_document(content["news"])
    assert document["type"] == "news"
    assert document["body_sv"] == document["body"] and "Självservice" in document["body"]
    assert document["network_slugs"] == [content["news"].network.slug]
    if content["backend"].engine is not None:
        # Folded and stemmed like every other page on the engines.
        assert [hit.title for hit in search("sjalvservice").hits] == ["Handlingsplanen för digitalisering är antagen"]
        assert "Handlingsplanen för digitalisering är antagen" in [hit.title for hit in search("handlingsplan").hits]
