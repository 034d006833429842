"""Building the engine request: relevance, filters, facets, highlighting, sorting.

Relevance, strongest first: all words present (across title, names and
classification); the exact typed forms; the document-language fields (stemmed,
decompounded); words near each other; the folded forms; cross-language equivalents;
and last, fuzzy matches that rescue typos without outranking real matches.
"""

import string

from core.facets import FACETS

from .analysis import LANGUAGES, function_words
from .documents import audience_filter
from .names import named_in
from .synonyms import expand

MATCHED = "matched"
WORD_COUNT = "word_"
CHECKED_WORDS = 8
WEIGHTS = {"title": 4.0, "summary": 2.0, "body": 1.0}
NAME_FIELDS = ["municipalities", "network", "national_solutions", "topics", "tags"]
NAME_WEIGHTS = {"municipalities": 3.0, "network": 3.0, "national_solutions": 3.0, "topics": 2.0, "tags": 2.0}


def _fields(suffix="", weight_factor=1.0, only=tuple(WEIGHTS)):
    return [f"{name}{suffix}^{weight * weight_factor:g}" for name, weight in WEIGHTS.items() if name in only]


def language_fields(factor=1.0):
    return [f"{name}_{language}^{weight * factor:g}" for language in LANGUAGES for name, weight in WEIGHTS.items()]


def name_fields(suffix=""):
    return [f"{name}{suffix}^{weight:g}" for name, weight in NAME_WEIGHTS.items()]


def content_text(text):
    """``text`` without function words ("og", "och", "av", "hvordan" …), or whole if that is all it has.

    The exact and folded fields keep every word at index time, so there a function word
    matches nearly every report; scoring and counting them all made questions and queries
    like "sak- og arkivsystem" the slowest ones (make bench-search). The language fields
    drop them with the engine's own lists, which search/data/stopwords_function.txt copies.
    """
    words = text.split()
    kept = [word for word in words if word.lower().strip(string.punctuation) not in function_words()]
    return " ".join(kept) if kept else text


def checked_fields():
    """Every field a typed word can match in, any form: exact, folded, stemmed and decompounded, names."""
    return (
        list(WEIGHTS)
        + [f"{name}.folded" for name in WEIGHTS]
        + [f"{name}_{language}" for language in LANGUAGES for name in WEIGHTS]
        + NAME_FIELDS
        + [f"{name}.folded" for name in NAME_FIELDS]
    )


ATTACHMENTS = "attachments"
# One clause over a small nested field scores low next to the many clauses over the page's own
# fields, so a word only an attached plan or tender holds fell below pages that merely share the
# query's common words; the boost brings it level (bench-relevance, kind "attachment").
ATTACHMENT_BOOST = 2.0
PASSAGE = {"fragment_size": 180, "number_of_fragments": 1}


def attachment_fields():
    return [f"{ATTACHMENTS}.text.folded", *(f"{ATTACHMENTS}.text_{language}" for language in LANGUAGES)]


def attachment_query(text, *, inner_hits=False):
    """Pages with ``text`` in the files they use. ``inner_hits``: also return the best page of the
    best file, with its file name, page number and the passage highlighted."""
    clause = {
        "nested": {
            "path": ATTACHMENTS,
            "score_mode": "max",
            "query": {"multi_match": {"query": text, "type": "most_fields", "fields": attachment_fields()}},
            "boost": ATTACHMENT_BOOST,
        }
    }
    if inner_hits:
        clause["nested"]["inner_hits"] = {
            "name": ATTACHMENTS,
            "size": 1,
            "_source": [f"{ATTACHMENTS}.{name}" for name in ("document_id", "file", "title", "url", "page")],
            "highlight": {
                "encoder": "html",
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "require_field_match": True,
                "fields": {field: PASSAGE for field in attachment_fields()},
            },
        }
    return clause


def attachment_of(hit):
    """``{"file", "title", "url", "page", "snippet"}`` when ``hit`` matched inside a file, else None."""
    inner = hit.get("inner_hits", {}).get(ATTACHMENTS, {}).get("hits", {}).get("hits", [])
    if not inner:
        return None
    best = inner[0]
    source = best.get("_source", {})
    highlight = best.get("highlight") or {}
    ordered = sorted(highlight, key=lambda field: field.endswith(".folded"))
    snippet = next((highlight[field][0] for field in ordered if highlight[field]), "")
    return {
        "file": source.get("file", ""),
        "title": source.get("title", ""),
        "url": source.get("url", ""),
        "page": source.get("page"),
        "snippet": snippet,
    }


def word_count_aggs(text):
    """A count per typed word of the documents it matches in some field and form.

    A word that matches nothing is most likely misspelt, which is when the fuzzy clause
    is worth its cost (search.service). Inside one word every part must match ("e-underskirft"
    is not rescued by "e"); the parts a compound is split into stand in for it.
    """
    fields = checked_fields()
    return {
        f"{WORD_COUNT}{number}": {
            "filter": {
                "bool": {
                    "should": [
                        {"multi_match": {"query": word, "type": "best_fields", "operator": "and", "fields": fields}},
                        # A word found only in an attached file is not misspelt.
                        _all_parts(attachment_query(word)),
                    ]
                }
            }
        }
        for number, word in enumerate(text.split()[:CHECKED_WORDS])
    }


def _all_parts(clause):
    clause["nested"]["query"]["multi_match"]["operator"] = "and"
    return clause


def unmatched_words(response, text):
    """The words of ``text`` that no document matched, from the counts of :func:`word_count_aggs`."""
    aggregations = response.get("aggregations", {})
    return [
        word
        for number, word in enumerate(text.split()[:CHECKED_WORDS])
        if aggregations.get(f"{WORD_COUNT}{number}", {}).get("doc_count", 0) == 0
    ]


def all_words_query(text):
    """Every typed word somewhere in the title, summary, body or names, exact or folded."""
    return {
        "multi_match": {
            "query": text,
            "type": "cross_fields",
            "fields": _fields() + _fields(".folded", 0.8) + name_fields() + name_fields(".folded"),
            "operator": "and",
        }
    }


def relevance_query(text, expansions=(), named=((), ()), *, fuzzy=True, phrase=None):
    """``text``: the query's content words (:func:`content_text`); ``phrase``: as typed, for the phrase boost.

    ``fuzzy``: True to match every word of ``text`` fuzzily too, or the words to match so
    (a list), or False.
    """
    exact = _fields()
    folded = _fields(".folded", 0.8)
    names = name_fields() + name_fields(".folded")
    all_words = all_words_query(text)
    all_words["multi_match"]["boost"] = 3
    # Only raise the score of what the other clauses find: every word present somewhere
    # means each matched an exact, folded or name field; a phrase in a language field
    # means its words matched there. Kept apart so counting can leave them out.
    ranking = [
        all_words,
        {
            "multi_match": {
                "query": phrase or text,
                "type": "phrase",
                "slop": 3,
                "fields": language_fields(),
                "boost": 2,
            }
        },
    ]
    should = [
        attachment_query(text, inner_hits=True),
        {"multi_match": {"query": text, "type": "most_fields", "fields": exact + names, "boost": 1.5}},
        {"multi_match": {"query": text, "type": "most_fields", "fields": language_fields()}},
        {
            "multi_match": {
                "query": text,
                "type": "most_fields",
                "fields": folded + name_fields(".folded"),
                "boost": 0.7,
            }
        },
    ]
    if fuzzy:
        should.append(
            {
                "multi_match": {
                    "query": text if fuzzy is True else " ".join(fuzzy),
                    "type": "most_fields",
                    # Not the body: its vocabulary is large, and fuzzy expansion over it cost
                    # 40 % of the engine's time at 20 000 reports (make bench-search).
                    "fields": [f"{name}.folded^{WEIGHTS[name]:g}" for name in ("title", "summary")]
                    + name_fields(".folded"),
                    "fuzziness": "AUTO:5,10",
                    "prefix_length": 1,
                    "max_expansions": 20,
                    "boost": 0.25,
                }
            }
        )
    municipalities, networks = named
    if municipalities:
        should.append({"terms": {"municipality_slugs": list(municipalities), "boost": 12}})
    if networks:
        should.append({"terms": {"network_slugs": list(networks), "boost": 8}})
    if expansions:
        should.append(
            {
                "multi_match": {
                    "query": " ".join(expansions),
                    "type": "most_fields",
                    # Equivalents are spelt right, so a body needs only its own language's
                    # field: the folded body matched every equivalent a second time, in the
                    # largest field (bench-relevance: nDCG@10 0.907 → 0.906 without it).
                    "fields": language_fields()
                    + _fields(".folded", only=("title", "summary"))
                    + name_fields(".folded"),
                    "boost": 0.5,
                }
            }
        )
    # Scores add up as if all were one list of optional clauses; what matches is decided by
    # ``must`` alone (search.query.split_body counts with it).
    return {"bool": {"must": {"bool": {"should": should, "minimum_should_match": 1}}, "should": ranking}}


def filter_clauses(filters, skip=None):
    clauses = []
    for name, values in filters.items():
        if values and name != skip:
            clauses.append({"terms": {FACETS[name].field: list(values)}})
    return clauses


def facet_aggregation(filters, name):
    """Counts of one facet's values, with every other facet's filter applied, not its own,
    so choosing a municipality still shows how many the others have."""
    values = {"terms": {"field": FACETS[name].field, "size": FACETS[name].buckets}}
    others = filter_clauses(filters, skip=name)
    if not others:
        # An empty filter still costs a check per match: a tenth of the counts request
        # with eleven facets (make bench-search profile).
        return values
    return {"filter": {"bool": {"filter": others}}, "aggs": {"values": values}}


def search_body(params, *, source_fields, fuzzy=True, suggest=None):
    """The engine request for ``params``.

    ``fuzzy``: include the typo-rescuing clause, for every content word (True) or only for
    the given words. ``suggest``: ask the term suggester for corrections (default: on the
    first page only).
    """
    text = content_text(params.query)
    expansions = expand(params.query)
    query = relevance_query(text, expansions, named_in(params.query), fuzzy=fuzzy, phrase=params.query)
    query["bool"]["filter"] = audience_filter(params.include_internal)
    body = {
        "query": query,
        "post_filter": {"bool": {"filter": filter_clauses(params.filters)}},
        "aggs": {
            # How much the query finds before the facet filters, and how much each word
            # finds: the service asks again with the fuzzy clause when a word finds nothing
            # or little is found, whatever the page and filters.
            MATCHED: {"filter": {"match_all": {}}},
            **word_count_aggs(text),
            **{name: facet_aggregation(params.filters, name) for name in FACETS},
        },
        "highlight": {
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            # A plain query for marking words: the fuzzy and phrase parts of the relevance
            # query made highlighting cost nine times the search itself.
            "highlight_query": {
                "multi_match": {
                    "query": " ".join([text, *expansions]),
                    "type": "most_fields",
                    "fields": ["body_*", "summary_*", "body.folded", "summary.folded"],
                }
            },
            "require_field_match": True,
            "fields": {
                "body_*": {"fragment_size": 180, "number_of_fragments": 1},
                "summary_*": {"fragment_size": 180, "number_of_fragments": 1},
                "body.folded": {"fragment_size": 180, "number_of_fragments": 1},
                "summary.folded": {"fragment_size": 180, "number_of_fragments": 1},
            },
        },
        "_source": source_fields,
        "from": params.offset,
        "size": params.page_size,
        "track_total_hits": True,
    }
    if params.sort == "newest":
        body["sort"] = [{"published": {"order": "desc", "missing": "_last"}}, "_score"]
    if suggest if suggest is not None else params.page == 1:
        body["suggest"] = {
            "did_you_mean": {
                "text": params.query,
                "term": {"field": "body.folded", "suggest_mode": "missing", "min_word_length": 4},
            }
        }
    return body, expansions


COUNT_KEYS = ("aggs", "suggest")
HIT_KEYS = ("highlight", "_source", "from", "size", "sort")


def split_body(body, *, count_page=False):
    """``body`` as two requests for one ``msearch``: the counts, and the page of hits.

    Counting the total and the facets in the same request as the page made the engine
    score every match, thousands for a common word; most of a query's cost (make
    bench-search). Apart, the counts need no scores, and the page is found without
    counting, so the engine can skip matches that cannot reach it. Same query, same
    filters: the numbers are those of one request.

    The page has no facets to keep apart from the filters, so they narrow its query instead
    of filtering afterwards: the engine skips what they exclude rather than scoring it.
    ``count_page``: count every match on the page too, for engines whose exhaustive scoring
    is faster than their skipping (``SearchEngine.counts_on_page``).
    """
    # Counting needs what matches, not how well: the clauses that only rank are left out.
    count_query = {"bool": {key: value for key, value in body["query"]["bool"].items() if key != "should"}}
    counts = {
        "query": count_query,
        "post_filter": body["post_filter"],
        **{key: body[key] for key in COUNT_KEYS if key in body},
        "size": 0,
        "track_total_hits": True,
    }
    query = body["query"]["bool"]
    # One list of optional clauses: the same scores, but OpenSearch 3 found the page a tenth
    # slower with the matching clauses nested apart (in process, 90 queries of the plan).
    page_query = {
        "bool": {
            "should": [*query["must"]["bool"]["should"], *query.get("should", [])],
            "minimum_should_match": 1,
            "filter": [*query.get("filter", []), *body["post_filter"]["bool"]["filter"]],
        }
    }
    hits = {
        "query": page_query,
        **{key: body[key] for key in HIT_KEYS if key in body},
        "track_total_hits": count_page,
    }
    return counts, hits


def joined_response(counts, hits):
    """The two answers of :func:`split_body` as the one answer a single request would give."""
    return {
        "took": max(counts.get("took", 0), hits.get("took", 0)),
        "hits": {"total": counts["hits"]["total"], "hits": hits["hits"]["hits"]},
        "aggregations": counts.get("aggregations", {}),
        "suggest": counts.get("suggest", {}),
    }


def best_highlight(hit):
    highlight = hit.get("highlight") or {}
    ordered = sorted(highlight, key=lambda field: (not field.startswith("body_"), not field.startswith("summary_")))
    for field in ordered:
        if highlight[field]:
            return highlight[field][0]
    return None


def suggested_words(response):
    """Every correction the term suggester offered, in its order."""
    return [
        option["text"]
        for entry in response.get("suggest", {}).get("did_you_mean", [])
        for option in entry.get("options", [])
    ]


def did_you_mean(response, query, allowed=None):
    """The query with each misspelt word replaced by its best correction, or None.

    ``allowed``: the corrections that may be shown (``None``: all). The term suggester reads
    every document's words, internal ones too, so for anonymous readers only words found in
    public documents are allowed.
    """
    options = response.get("suggest", {}).get("did_you_mean", [])
    words = query.split()
    corrected, changed = [], False
    for entry in options:
        choices = [option["text"] for option in entry.get("options", [])]
        if allowed is not None:
            choices = [choice for choice in choices if choice in allowed]
        if choices:
            corrected.append(choices[0])
            changed = True
        else:
            corrected.append(entry.get("text", ""))
    if not changed or len(corrected) != len(words):
        return None
    return " ".join(corrected)


def public_words_body(words):
    """One request telling which ``words`` occur in at least one public document."""
    return {
        "size": 0,
        "query": {"bool": {"filter": audience_filter(False)}},
        "aggs": {f"word_{i}": {"filter": {"term": {"body.folded": word}}} for i, word in enumerate(words)},
    }


def words_found(response, words):
    aggregations = response.get("aggregations", {})
    return {word for i, word in enumerate(words) if aggregations.get(f"word_{i}", {}).get("doc_count", 0) > 0}
