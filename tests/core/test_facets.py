"""One facet registry (core.facets) for search and the experience index filters."""

import dataclasses

import pytest

from django.http import QueryDict

from core.facets import FACETS
from experiences.filters import ExperienceFilters, FilterError
from search.facets import label_facets
from search.params import BadSearchParameter, SearchParams, parse_search_params
from search.query import search_body
from search.views import facet_groups


@pytest.mark.parametrize(
    "query",
    [
        "status=finished",
        "language=de",
        "country=xx",
        "year=1989",
        "year=20x1",
        "topic=" + "x" * 101,
        "&".join(f"municipality=m{n}" for n in range(21)),
    ],
)
def test_search_and_the_experience_index_refuse_the_same_values_with_the_same_message(query):
    with pytest.raises(BadSearchParameter) as search_error:
        parse_search_params(QueryDict(f"q=svarut&{query}"))
    with pytest.raises(FilterError) as filter_error:
        ExperienceFilters.from_query(QueryDict(query))
    assert str(search_error.value) == str(filter_error.value)


def test_search_and_the_experience_index_clean_values_alike():
    query = "country=no&country=se&year=2021&status=ongoing&language=sv&topic=%20post%20"
    search = parse_search_params(QueryDict(f"q=svarut&{query}")).filters
    index = ExperienceFilters.from_query(QueryDict(query))
    assert search == {
        "country": ("NO", "SE"),
        "year": (2021,),
        "status": ("ongoing",),
        "language": ("sv",),
        "topic": ("post",),
    }
    assert {name: tuple(values) for name, values in index.values.items() if values} == search


def test_a_choice_added_to_the_registry_reaches_search_labels_and_the_experience_index(monkeypatch):
    status = FACETS["status"]
    monkeypatch.setitem(FACETS, "status", dataclasses.replace(status, choices=(*status.choices, ("paused", "Paused"))))
    assert parse_search_params(QueryDict("q=svarut&status=paused")).filters == {"status": ("paused",)}
    assert ExperienceFilters.from_query(QueryDict("status=paused")).status == ["paused"]
    assert label_facets({"status": [("paused", 2)]}) == {"status": [{"value": "paused", "label": "Paused", "count": 2}]}


def test_a_facet_added_to_the_registry_is_queried_counted_shown_and_filtered(db, monkeypatch):
    facet = dataclasses.replace(FACETS["network"], name="owner", label="Owner", field="owner_slugs", lookup="owner__in")
    monkeypatch.setitem(FACETS, "owner", facet)
    params = parse_search_params(QueryDict("q=svarut&owner=kommune"))
    assert params.filters == {"owner": ("kommune",)}
    body, _expansions = search_body(params, source_fields=[])
    assert body["aggs"]["owner"]["terms"] == {"field": "owner_slugs", "size": 100}
    assert {"terms": {"owner_slugs": ["kommune"]}} in body["post_filter"]["bool"]["filter"]
    response = type("Response", (), {"facets": {"owner": [{"value": "kommune", "label": "Kommune", "count": 1}]}})
    assert [group["label"] for group in facet_groups(response, SearchParams("svarut"))] == ["Owner"]
    assert ExperienceFilters.from_query(QueryDict("owner=kommune")).owner == ["kommune"]
