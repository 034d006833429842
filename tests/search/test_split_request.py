"""A search is asked as two requests side by side (counts, and the page of hits); on both real
engines the answer must be the one a single request gives: total, facets, page and order, with
the page counting its matches or not, and its filters in its query."""

import pytest

from django.http import QueryDict

from experiences.factories import ExperiencePageFactory, MunicipalityFactory
from search.facets import engine_facets
from search.params import parse_search_params
from search.query import joined_response, search_body, split_body
from search.service import SOURCE_FIELDS


def single_and_split(engine, query, count_page=False):
    body, _expansions = search_body(parse_search_params(QueryDict(query)), source_fields=SOURCE_FIELDS)
    return engine.search(body), joined_response(*engine.msearch(split_body(body, count_page=count_page)))


def ids(response):
    return [hit["_id"] for hit in response["hits"]["hits"]]


@pytest.mark.parametrize("count_page", [False, True], ids=["page-skips", "page-counts"])
def test_counts_and_page_asked_apart_equal_one_request(engine_backend, experience_index, count_page):
    malvik, levanger = MunicipalityFactory(name="Malvik"), MunicipalityFactory(name="Levanger")
    for number in range(14):
        ExperiencePageFactory(
            parent=experience_index,
            title=f"Digital post, runde {number}",
            summary="Digital post og SvarUt" if number % 2 else "Brev til innbyggerne",
            what_we_did=f"<p>{'Digital post ' * (number % 4 + 1)}i kommunen.</p>",
            municipalities=[malvik if number % 3 else levanger],
        )
    engine_backend.sync()
    for query in ("q=digital post&page_size=5&page=2", "q=digital post&municipality=malvik", "q=brev&sort=newest"):
        single, split = single_and_split(engine_backend.engine, query, count_page)
        assert split["hits"]["total"] == single["hits"]["total"], query
        assert ids(split) == ids(single), query
        assert split["aggregations"] == single["aggregations"], query
        assert [hit.get("highlight") for hit in split["hits"]["hits"]] == [
            hit.get("highlight") for hit in single["hits"]["hits"]
        ], query
    # The filtered total counts Malvik's reports only, while the facet still shows both.
    single, split = single_and_split(engine_backend.engine, "q=digital post&municipality=malvik")
    municipalities = dict(engine_facets(split["aggregations"])["municipality"])
    assert split["hits"]["total"]["value"] == municipalities[malvik.slug] < sum(municipalities.values())


def test_a_refused_search_in_the_pair_fails_the_whole_request(engine_backend, experience_index):
    from search.engine import EngineError

    bad = {"query": {"term": {"published": "not a date"}}}
    with pytest.raises(EngineError):
        engine_backend.engine.msearch([{"query": {"match_all": {}}}, bad])


def test_only_elasticsearch_7_counts_on_the_page(engine_backend):
    # Lucene 8.7 scores our disjunctions faster exhaustively; Lucene 10 faster by skipping.
    expected = engine_backend.engine.config.engine == "elasticsearch7"
    assert engine_backend.engine.counts_on_page is expected
    assert engine_backend.engine.config.engine in {"elasticsearch7", "opensearch3"}


def test_a_facet_is_filtered_by_the_other_facets_chosen_and_not_at_all_when_none_are():
    from search.query import facet_aggregation

    assert facet_aggregation({}, "topic") == {"terms": {"field": "topic_slugs", "size": 200}}
    chosen = {"municipality": ["malvik"]}
    assert facet_aggregation(chosen, "municipality") == {"terms": {"field": "municipality_slugs", "size": 1000}}
    assert facet_aggregation(chosen, "topic") == {
        "filter": {"bool": {"filter": [{"terms": {"municipality_slugs": ["malvik"]}}]}},
        "aggs": {"values": {"terms": {"field": "topic_slugs", "size": 200}}},
    }
