"""A long described need is searched, never refused: the engines allow 1 024 clauses a query."""

import pytest

from experiences.factories import ExperiencePageFactory
from search.breaker import breaker
from search.engine import EngineUnavailable, QueryTooLarge, refusal
from search.params import SearchParams
from search.service import first_content_words, run_search

NEED = (
    "hvordan kan kommunen bruke velferdsteknologi trygghetsalarmer digitale tilsyn medisindispensere "
    "sensorer og digital postkasse i hjemmetjenesten og på sykehjem slik at innbyggerne får svar "
    "på enkle spørsmål om fakturaer byggesøknad og skolebuss hele døgnet på nettsiden"
)


@pytest.mark.parametrize("hybrid", [False, True])
def test_a_long_need_is_answered_by_the_engine_without_tripping_the_breaker(
    engine_backend, experience_index, settings, hybrid
):
    settings.ERFA_SEARCH_HYBRID = hybrid
    report = ExperiencePageFactory(
        parent=experience_index,
        title="Velferdsteknologi i hjemmetjenesten",
        summary="Trygghetsalarmer, digitale tilsyn og medisindispensere hos innbyggerne.",
    )
    engine_backend.sync()

    response = run_search(SearchParams(NEED))

    assert response.engine == engine_backend.name
    assert not response.fallback
    assert not breaker.is_open
    assert report.title in [hit.title for hit in response.hits]
    assert response.query == NEED


def test_the_engines_refusal_of_too_many_clauses_is_not_an_outage():
    opensearch = {"root_cause": [{"type": "too_many_nested_clauses", "reason": "maxClauseCount is set to 1024"}]}
    elasticsearch = "TooManyClauses[maxClauseCount is set to 1024]; too_many_clauses"

    assert isinstance(refusal("opensearch", 500, opensearch), QueryTooLarge)
    assert isinstance(refusal("elasticsearch", 500, elasticsearch), QueryTooLarge)
    assert not isinstance(refusal("opensearch", 500, opensearch), EngineUnavailable)
    assert isinstance(refusal("opensearch", 503, "unavailable_shards_exception"), EngineUnavailable)


def test_a_query_is_cut_to_its_first_content_words_only_when_longer():
    assert first_content_words("digital postkasse i Malvik", 8) == "digital postkasse i Malvik"
    assert (
        first_content_words("hvordan får vi digital post til alle innbyggerne i kommunen", 3)
        == "digital post innbyggerne"
    )
