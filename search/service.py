"""The one search code path for the page and the API, with the database as fallback.

``run_search`` asks the engine when one is configured and healthy; when it is not
configured, or fails, the same request goes to Wagtail's database backend and the
response says so. Views never talk to a backend directly.
"""

import hashlib
import logging
import time
from dataclasses import dataclass, field, replace

from django.core.cache import cache

from core.language_urls import in_active_language

from .breaker import available_engine, with_fallback
from .database import attachment_hits, highlight, search_database
from .documents import type_of
from .engine import EngineError, QueryTooLarge, get_engine
from .facets import engine_facets, label_facets
from .hybrid import dense_candidates, fused_page, rest_body, window_bodies, with_dense
from .query import (
    MATCHED,
    attachment_of,
    best_highlight,
    content_text,
    did_you_mean,
    joined_response,
    public_words_body,
    search_body,
    split_body,
    suggested_words,
    unmatched_words,
    words_found,
)
from .spelling import corrected_query, corrector
from .synonyms import expand

logger = logging.getLogger(__name__)

FEW_RESULTS = 3
SOURCE_FIELDS = ["page_id", "title", "url", "type", "municipalities", "language", "published", "summary"]


@dataclass
class Hit:
    title: str
    url: str
    type: str
    municipalities: list
    language: str
    published: str | None
    snippet: str  # HTML: escaped text, query words in <mark>
    score: float | None
    page_id: int
    # The file the words were found in: file name, title, url, page (None for DOCX/ODT) and
    # the passage (HTML, words in <mark>); None when they were not found in a file.
    attachment: dict | None = None

    def as_dict(self):
        return {
            "title": self.title,
            "url": self.url,
            "type": self.type,
            "municipalities": self.municipalities,
            "language": self.language,
            "published": self.published,
            "snippet": self.snippet,
            "score": self.score,
            "attachment": self.attachment,
        }


@dataclass
class SearchResponse:
    query: str
    total: int
    engine: str
    took_ms: int
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    fallback: bool = False
    suggestion: str | None = None
    expansions: list = field(default_factory=list)

    def as_dict(self):
        return {
            "query": self.query,
            "total": self.total,
            "engine": self.engine,
            "took_ms": self.took_ms,
            "results": [hit.as_dict() for hit in self.hits],
            "facets": self.facets,
            "did_you_mean": self.suggestion,
        }


# Content words the lexical query searches for, and shorter cuts to retry with. Each word
# becomes clauses in some thirty fields, more with its equivalents and fuzzy forms, and a
# described need of a dozen words passed the engine's limit of 1 024 clauses. The meaning
# side still reads the whole text.
QUERY_WORDS = (8, 5, 3)


def first_content_words(query, count):
    """``query`` cut to its first ``count`` content words, or whole when it has no more."""
    words = content_text(query).split()
    return query if len(words) <= count else " ".join(words[:count])


def _search_engine(engine, params):
    dense = dense_candidates(params)
    for count in QUERY_WORDS:
        lexical = replace(params, query=first_content_words(params.query, count))
        try:
            total, hits, facets, suggestion, expansions = _search_engine_once(engine, lexical, dense)
        except QueryTooLarge as error:
            if count == QUERY_WORDS[-1]:
                raise
            logger.info("Searching fewer words: %s", error)
            continue
        # A correction of the cut text would drop the reader's other words.
        return total, hits, facets, suggestion if lexical.query == params.query else None, expansions


def _search_engine_once(engine, params, dense):
    # Two stages: the fuzzy clause costs about a quarter of the engine's time and only
    # matters when a typed word matched nothing. So it is left out unless a word found
    # nothing in any field and form, or little was found. Then the words Erfa's vocabulary
    # can correct are searched as corrected (stemmed, decompounded and expanded like any
    # word), and the rest fuzzily. What the first stage decided depends on the query alone,
    # so it is kept (:func:`_stage_key`): the same query again is one round trip.
    key = _stage_key(params)
    plan = cache.get(key)
    first = None
    if plan is None:
        body, expansions = search_body(params, source_fields=SOURCE_FIELDS, fuzzy=False)
        first = _ask_fused(engine, body, params, dense)
        plan = {"second": _second_stage(first, params)}
        cache.set(key, plan, STAGE_SECONDS)
    second_stage = plan["second"]
    corrections = {}
    if second_stage:
        corrections = second_stage["corrections"]
        second = replace(params, query=corrected_query(params.query, corrections)) if corrections else params
        # Without a first stage this request is the only one: it asks for did-you-mean itself.
        suggest = False if first is not None else None
        second_body, expansions = search_body(
            second, source_fields=SOURCE_FIELDS, fuzzy=second_stage["fuzzy"], suggest=suggest
        )
        response = _ask_fused(engine, second_body, second, dense)
        if first is not None:
            response["suggest"] = first.get("suggest", {})
    elif first is not None:
        response = first
    else:
        body, expansions = search_body(params, source_fields=SOURCE_FIELDS, fuzzy=False)
        response = _ask_fused(engine, body, params, dense)
    hits = [
        Hit(
            title=source["title"],
            url=in_active_language(source["url"]),
            type=source["type"],
            municipalities=source.get("municipalities", []),
            language=source.get("language", ""),
            published=source.get("published"),
            # A page found by meaning alone has no engine highlight: its summary, with the
            # query's words marked where they occur.
            snippet=best_highlight(hit) or highlight(source.get("summary", ""), content_text(params.query).split()),
            score=hit.get("_score"),
            page_id=source["page_id"],
            attachment=attachment_of(hit),
        )
        for hit in response["hits"]["hits"]
        for source in [hit["_source"]]
    ]
    total = _total(response)
    if corrections:
        suggestion = corrected_query(params.query, corrections)
    elif total < FEW_RESULTS and params.page == 1:
        suggestion = _suggestion(engine, response, params)
    else:
        suggestion = None
    return total, hits, engine_facets(response.get("aggregations", {})), suggestion, expansions


# How long a query's first-stage decision is kept; publishing and equivalence changes make a
# new vocabulary version, and with it new keys.
STAGE_SECONDS = 600


def _stage_key(params):
    """The cache key of what the first stage decides for ``params``' query: the query as typed,
    the audience (anonymous readers' words are public ones) and the versions of the vocabulary
    and the equivalents it was decided with; never the page or the filters."""
    from .caches import SPELLING_VOCABULARY, SYNONYMS

    text = " ".join(params.query.split())
    digest = hashlib.sha256(text.encode()).hexdigest()
    versions = f"{SPELLING_VOCABULARY.version()}:{SYNONYMS.version()}"
    return f"search:stage:{int(bool(params.include_internal))}:{versions}:{digest}"


def _second_stage(response, params):
    """What the second stage matches, from the first stage's ``response``: None (no second
    stage) or ``{"fuzzy": …, "corrections": {word: correction}}``."""
    fuzzy = _fuzzy_words(response, params)
    if not fuzzy:
        return None
    unknown = content_text(params.query) if fuzzy is True else " ".join(fuzzy)
    corrections = corrector(params.include_internal).correct(unknown)
    if corrections and fuzzy is not True:
        fuzzy = [word for word in fuzzy if word not in corrections] or False
    return {"fuzzy": fuzzy, "corrections": corrections}


def _ask(engine, body):
    return joined_response(*engine.msearch(split_body(body, count_page=engine.counts_on_page)))


def _ask_fused(engine, body, params, dense):
    """The fusion step of hybrid search (search/hybrid.py): the lexical request widened to
    the pages found by meaning, and its page of hits in fused order. Without dense
    candidates, the lexical request as it is."""
    if not dense:
        return _ask(engine, body)
    body = with_dense(body, dense)
    if params.sort == "newest":
        # An explicit order: the union, newest first, nothing to fuse.
        return _ask(engine, body)
    head, tail, candidates = window_bodies(body, dense, params.offset + params.page_size)
    counts, head_hits = split_body(head, count_page=engine.counts_on_page)
    requests = [counts, head_hits, candidates]
    if tail is not None:
        requests.append(split_body(tail)[1])
    answers = engine.msearch(requests)
    counts, head_hits, candidate_hits = answers[:3]
    window_hits = [*head_hits["hits"]["hits"], *(answers[3]["hits"]["hits"] if tail is not None else [])]
    response = joined_response(counts, head_hits)

    def rest(start, size):
        _counts, hits = split_body(rest_body(body, dense, start, size))
        return engine.msearch([hits])[0]["hits"]["hits"]

    response["hits"]["hits"] = fused_page(window_hits, candidate_hits["hits"]["hits"], dense, params, rest)
    return response


def _fuzzy_words(response, params):
    """What the second stage matches fuzzily: False (no second stage), True (every word), or
    the words that found nothing. Fuzzing words that already match only adds near neighbours
    that stemming finds anyway, at a cost: the Danish question "hvad virkede ikke med
    leverandøren" was OpenSearch's slowest search with both words fuzzed (make bench-search).

    Decided from the query alone, never the page or the filters, so totals and pagination
    stay consistent while a reader moves through the results.
    """
    matched = response.get("aggregations", {}).get(MATCHED, {}).get("doc_count", 0)
    if matched < FEW_RESULTS:
        return True
    return unmatched_words(response, content_text(params.query)) or False


def _total(response):
    total = response["hits"]["total"]
    return total["value"] if isinstance(total, dict) else total


def _suggestion(engine, response, params):
    if params.include_internal:
        return did_you_mean(response, params.query)
    words = sorted(set(suggested_words(response)))
    if not words:
        return None
    try:
        allowed = words_found(engine.search(public_words_body(words)), words)
    except EngineError as error:
        # Without the check a correction could name an internal page's word: offer none.
        logger.warning("Could not check did-you-mean words: %s", error)
        return None
    return did_you_mean(response, params.query, allowed)


def _search_db(params):
    # The database has no fuzzy matching: words Erfa's vocabulary does not know are
    # searched as corrected too, and the correction is offered as did-you-mean.
    corrections = corrector(params.include_internal).correct(content_text(params.query))
    query = corrected_query(params.query, corrections)
    expansions = expand(query)
    total, window, facets = search_database(
        params, [*corrections.values(), *expansions], dense=dense_candidates(params)
    )
    words = [*params.query.split(), *corrections.values()]
    in_files = attachment_hits(words, [page for page, _score in window])
    hits = []
    for page, score in window:
        municipalities = sorted(m.name for m in page.municipalities.all()) if hasattr(page, "municipalities") else []
        hits.append(
            Hit(
                title=page.title,
                url=page.get_url() or "",
                type=type_of(page),
                municipalities=municipalities,
                language=getattr(page, "language", ""),
                published=page.first_published_at.date().isoformat() if page.first_published_at else None,
                snippet=highlight(getattr(page, "summary", "") or getattr(page, "intro", ""), words),
                score=score,
                page_id=page.pk,
                attachment=in_files.get(page.pk),
            )
        )
    return total, hits, facets, query if corrections else None, expansions


def run_search(params):
    started = time.monotonic()
    if not params.query:
        engine = available_engine()
        return SearchResponse(params.query, 0, engine.name if engine is not None else "database", _ms(started))

    def from_engine(engine):
        total, hits, facets, suggestion, expansions = _search_engine(engine, params)
        return SearchResponse(
            params.query, total, engine.name, _ms(started), hits, label_facets(facets), False, suggestion, expansions
        )

    def from_database():
        total, hits, facets, suggestion, expansions = _search_db(params)
        return SearchResponse(
            params.query,
            total,
            "database",
            _ms(started),
            hits,
            label_facets(facets),
            fallback=get_engine() is not None,
            suggestion=suggestion,
            expansions=expansions,
        )

    return with_fallback(from_engine, from_database, what="a search")


def _ms(started):
    return int((time.monotonic() - started) * 1000)
