"""The fuzzy clause is only sent when a typed word matches nothing or little is found.

A stub engine records the requests; the engines' own behaviour is in test_language.py.
"""

from django.http import QueryDict

from search import service
from search.params import parse_search_params
from search.query import content_text


class RecordingEngine:
    """Answers each ``msearch`` (counts, then hits) with the next prepared answer."""

    name = "opensearch"
    counts_on_page = False

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []

    def msearch(self, bodies):
        self.requests.append(bodies)
        return self.answers.pop(0)

    def search(self, body):
        self.requests.append([body])
        return {"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}}


def answer(matched, *, unmatched=(), words=2, filtered=None, corrections=()):
    """Counts and hits as the engine would give them: ``unmatched`` word positions found nothing."""
    counts = {
        "hits": {"total": {"value": matched if filtered is None else filtered}, "hits": []},
        "aggregations": {
            "matched": {"doc_count": matched},
            **{f"word_{n}": {"doc_count": 0 if n in unmatched else matched} for n in range(words)},
        },
        "suggest": {
            "did_you_mean": [{"text": word, "options": [{"text": fixed}]} for word, fixed in corrections],
        },
    }
    return [counts, {"hits": {"hits": []}}]


def has_fuzzy(bodies):
    return any("fuzziness" in clause.get("multi_match", {}) for clause in bodies[1]["query"]["bool"]["should"])


def fuzzy_text(bodies):
    (clause,) = [
        clause for clause in bodies[1]["query"]["bool"]["should"] if "fuzziness" in clause.get("multi_match", {})
    ]
    return clause["multi_match"]["query"]


def search(engine, query, page=1, extra=""):
    return service._search_engine(engine, parse_search_params(QueryDict(f"q={query}&page={page}{extra}")))


def test_known_words_with_enough_results_take_one_round_trip_without_fuzzy(db):
    engine = RecordingEngine(answer(40))
    total, *_ = search(engine, "digital post")
    assert total == 40
    assert len(engine.requests) == 1
    assert not has_fuzzy(engine.requests[0])


def test_counts_are_asked_without_scoring_and_the_page_without_counting(db):
    engine = RecordingEngine(answer(40))
    search(engine, "digital post", page=2)
    counts, hits = engine.requests[0]
    assert counts["size"] == 0 and counts["track_total_hits"] is True
    assert "aggs" in counts and "highlight" not in counts
    assert hits["track_total_hits"] is False and hits["from"] == hits["size"]
    assert "aggs" not in hits and "highlight" in hits
    # Same matches; the clauses that only rank (all words, phrase) are left out of counting.
    matching = counts["query"]["bool"]["must"]["bool"]["should"]
    assert "should" not in counts["query"]["bool"]
    assert hits["query"]["bool"]["should"][: len(matching)] == matching
    assert [clause["multi_match"]["type"] for clause in hits["query"]["bool"]["should"][len(matching) :]] == [
        "cross_fields",
        "phrase",
    ]


def test_the_page_is_filtered_in_its_query_while_the_counts_filter_after_counting_facets(db):
    engine = RecordingEngine(answer(40))
    search(engine, "digital post", extra="&municipality=malvik&topic=archive")
    counts, hits = engine.requests[0]
    chosen = [{"terms": {"municipality_slugs": ["malvik"]}}, {"terms": {"topic_slugs": ["archive"]}}]
    # Counts: the facets must see matches outside the chosen values, so the choice filters after.
    assert counts["post_filter"]["bool"]["filter"] == chosen
    assert not any(clause in counts["query"]["bool"]["filter"] for clause in chosen)
    # Page: no facets, so the choice narrows the query, beside the audience filter.
    assert "post_filter" not in hits
    assert hits["query"]["bool"]["filter"] == counts["query"]["bool"]["filter"] + chosen


def test_an_engine_that_scores_faster_exhaustively_counts_on_the_page_too(db):
    engine = RecordingEngine(answer(40))
    engine.counts_on_page = True
    search(engine, "digital post")
    counts, hits = engine.requests[0]
    assert hits["track_total_hits"] is True and counts["track_total_hits"] is True


def test_a_word_that_matches_nothing_sends_the_fuzzy_query(db):
    # "barnehage" alone finds plenty, but "svraut" matches nothing in any field: likely a typo.
    engine = RecordingEngine(answer(40, unmatched={0}), answer(41))
    total, *_ = search(engine, "svraut barnehage")
    assert total == 41
    assert [has_fuzzy(bodies) for bodies in engine.requests] == [False, True]
    assert "suggest" not in engine.requests[1][0]


def test_only_the_words_that_found_nothing_are_matched_fuzzily(db):
    # "barnehage" found plenty; fuzzing it too would only add near neighbours, at a cost.
    engine = RecordingEngine(answer(40, unmatched={0}), answer(41))
    search(engine, "svraut barnehage")
    assert fuzzy_text(engine.requests[1]) == "svraut"


def test_few_results_match_every_word_fuzzily(db):
    # Each word found something, but together too little: any of them may be the typo.
    engine = RecordingEngine(answer(2), answer(5))
    search(engine, "digital svraut")
    assert fuzzy_text(engine.requests[1]) == "digital svraut"


def test_function_words_are_not_counted_as_missing_words(db):
    # "søker", "barnehageplass" and "digitalt" are checked; "hvordan", "man" and "om" are not.
    engine = RecordingEngine(answer(40, words=3))
    search(engine, "hvordan søker man om barnehageplass digitalt")
    counts = engine.requests[0][0]
    checked = sorted(name for name in counts["aggs"] if name.startswith("word_"))
    assert checked == ["word_0", "word_1", "word_2"]
    assert len(engine.requests) == 1


def test_few_results_send_the_fuzzy_query_and_keep_the_first_suggestions(db):
    engine = RecordingEngine(
        answer(0, words=1, unmatched={0}, corrections=[("kvitrefuglskjemma", "kvitrefuglskjema")]), answer(1, words=1)
    )
    # A word Erfa's vocabulary (empty here but for the equivalences) cannot correct.
    total, _hits, _facets, suggestion, _expansions = search(engine, "kvitrefuglskjemma")
    assert total == 1
    assert has_fuzzy(engine.requests[1])
    # The correction comes from the first answer's suggester, checked against public words.
    assert engine.requests[2][0]["size"] == 0 and "aggs" in engine.requests[2][0]
    assert suggestion is None  # the stub's word check found no public document with it


def test_filters_and_pages_do_not_decide_the_fuzzy_stage(db):
    # 40 match the query, 2 are left after the municipality filter: the query alone decides.
    engine = RecordingEngine(answer(40, filtered=2))
    total, *_ = search(engine, "digital post", page=1, extra="&municipality=malvik")
    assert total == 2
    assert len(engine.requests) == 1


def test_later_pages_still_detect_typos_but_offer_no_correction(db):
    engine = RecordingEngine(answer(30, words=1, unmatched={0}), answer(30, words=1))
    _total, _hits, _facets, suggestion, _expansions = search(engine, "digipots", page=2)
    assert "suggest" not in engine.requests[0][0]
    assert has_fuzzy(engine.requests[1])
    assert suggestion is None


def test_the_match_and_word_counts_are_not_reported_as_facets(db):
    engine = RecordingEngine(answer(40))
    _total, _hits, facets, *_ = search(engine, "digital post")
    assert not {"matched", "word_0", "word_1"} & set(facets)


def test_function_words_leave_the_query_unless_nothing_else_is_left():
    assert content_text("hvordan søker man om barnehageplass digitalt") == "søker barnehageplass digitalt"
    assert content_text("hur kommer man igång med e-signering") == "igång e-signering"
    assert content_text("sak- og arkivsystem") == "sak- arkivsystem"
    assert content_text("Och, i") == "Och, i"
    # "IT" is a content word here (IT-drift), though English lists count it as a stop word.
    assert content_text("IT i skolen") == "IT skolen"
