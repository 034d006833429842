import pytest

from django.http import QueryDict

from search.params import BadSearchParameter, clean_query, parse_search_params


def test_control_characters_and_runs_of_space_are_cleaned():
    assert clean_query("  svar\x00ut \t\n digipost ") == "svar ut digipost"


def test_defaults():
    params = parse_search_params(QueryDict("q=svarut"))
    assert (params.query, params.page, params.page_size, params.offset) == ("svarut", 1, 10, 0)


def test_deep_pages_beyond_the_result_window_are_refused():
    assert parse_search_params(QueryDict("q=a&page=200&page_size=50")).offset == 9950
    with pytest.raises(BadSearchParameter):
        parse_search_params(QueryDict("q=a&page=201&page_size=50"))
