"""The fuzzy clause is only sent when a typed word is missing from the index or little is found.

A stub engine records the requests; the engines' own behaviour is in test_language.py.
"""

from django.http import QueryDict

from search import service
from search.params import parse_search_params


class RecordingEngine:
    name = "opensearch"

    def __init__(self, *responses):
        self.responses = list(responses)
        self.bodies = []

    def search(self, body):
        self.bodies.append(body)
        return self.responses.pop(0)


def answer(total, corrections=(), all_words=None):
    return {
        "hits": {"total": {"value": total}, "hits": []},
        "aggregations": {"all_words": {"doc_count": total if all_words is None else all_words}},
        "suggest": {
            "did_you_mean": [{"text": word, "options": [{"text": fixed}]} for word, fixed in corrections],
        },
    }


def has_fuzzy(body):
    return any("fuzziness" in clause.get("multi_match", {}) for clause in body["query"]["bool"]["should"])


def search(engine, query, page=1):
    return service._search_engine(engine, parse_search_params(QueryDict(f"q={query}&page={page}")))


def test_known_words_with_enough_results_take_one_request_without_fuzzy(db):
    engine = RecordingEngine(answer(40))
    total, *_ = search(engine, "digital post")
    assert total == 40
    assert len(engine.bodies) == 1
    assert not has_fuzzy(engine.bodies[0])


def test_a_word_no_document_has_sends_the_fuzzy_query(db):
    # "kommune" alone finds plenty, but no document has both words: likely a typo.
    engine = RecordingEngine(answer(40, all_words=0), answer(41))
    total, *_ = search(engine, "svraut kommune")
    assert total == 41
    assert [has_fuzzy(body) for body in engine.bodies] == [False, True]


def test_a_word_the_suggester_can_correct_sends_the_fuzzy_query(db):
    engine = RecordingEngine(answer(40, [("digipots", "digipost")]), answer(41))
    total, *_ = search(engine, "digipots kommune")
    assert total == 41
    assert [has_fuzzy(body) for body in engine.bodies] == [False, True]
    assert "suggest" not in engine.bodies[1]


def test_few_results_send_the_fuzzy_query_and_keep_the_first_suggestions(db, settings):
    engine = RecordingEngine(answer(0, [("velferdsteknolgi", "velferdsteknologi")]), answer(1), answer(0))
    total, _hits, _facets, suggestion, _expansions = search(engine, "velferdsteknolgi")
    assert total == 1
    assert has_fuzzy(engine.bodies[1])
    # The correction comes from the first answer's suggester, checked against public words.
    assert "aggs" in engine.bodies[2] and engine.bodies[2]["size"] == 0
    assert suggestion is None  # the stub's word check found no public document with it


def test_later_pages_still_detect_typos_but_offer_no_correction(db):
    engine = RecordingEngine(answer(30, [("digipots", "digipost")]), answer(30))
    _total, _hits, _facets, suggestion, _expansions = search(engine, "digipots", page=2)
    assert "suggest" in engine.bodies[0]
    assert has_fuzzy(engine.bodies[1])
    assert suggestion is None


def test_the_all_words_count_is_not_reported_as_a_facet(db):
    engine = RecordingEngine(answer(40))
    _total, _hits, facets, *_ = search(engine, "digital post")
    assert "all_words" not in facets
