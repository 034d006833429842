"""A search is asked as two requests side by side (counts, and the page of hits); on both real
engines the answer must be the one a single request gives: total, facets, page and order."""

import pytest

from django.http import QueryDict

from experiences.factories import ExperiencePageFactory, MunicipalityFactory
from search.params import parse_search_params
from search.query import joined_response, search_body, split_body
from search.service import SOURCE_FIELDS


def single_and_split(engine, query):
    body, _expansions = search_body(parse_search_params(QueryDict(query)), source_fields=SOURCE_FIELDS)
    return engine.search(body), joined_response(*engine.msearch(split_body(body)))


def ids(response):
    return [hit["_id"] for hit in response["hits"]["hits"]]


def test_counts_and_page_asked_apart_equal_one_request(engine_backend, experience_index):
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
        single, split = single_and_split(engine_backend.engine, query)
        assert split["hits"]["total"] == single["hits"]["total"], query
        assert ids(split) == ids(single), query
        assert split["aggregations"] == single["aggregations"], query
        assert [hit.get("highlight") for hit in split["hits"]["hits"]] == [
            hit.get("highlight") for hit in single["hits"]["hits"]
        ], query
    # The filtered total counts Malvik's reports only, while the facet still shows both.
    single, split = single_and_split(engine_backend.engine, "q=digital post&municipality=malvik")
    municipalities = {b["key"]: b["doc_count"] for b in split["aggregations"]["municipality"]["values"]["buckets"]}
    assert split["hits"]["total"]["value"] == municipalities[malvik.slug] < sum(municipalities.values())


def test_a_refused_search_in_the_pair_fails_the_whole_request(engine_backend, experience_index):
    from search.engine import EngineError

    bad = {"query": {"term": {"published": "not a date"}}}
    with pytest.raises(EngineError):
        engine_backend.engine.msearch([{"query": {"match_all": {}}}, bad])
