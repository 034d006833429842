"""Hybrid retrieval: the lexical ranking fused with the nearest pages by meaning.

The dense side (search/embeddings.py) proposes the ``DENSE_LIMIT`` pages nearest to the
query among those the reader may see. They join the lexical matches as one result set:
the engine (or the database path) applies the same filters and audience to them, and
counts the total and the facets over the union, so every number matches what paging
shows. The order is reciprocal rank fusion of the lexical top ``WINDOW`` and the dense
candidates that passed the filters; after the window, the lexical order continues.
"""

from . import embeddings

# Pages proposed by meaning per query, and how close they must be. The e5 model puts
# every text at a cosine of about 0.7 from any other; below the floor they are noise.
DENSE_LIMIT = 10
MIN_SIMILARITY = 0.82
# Lexical positions that take part in the fusion; a page only the dense side found ranks
# among them, never below a thousand weak lexical matches.
WINDOW = 30
# Reciprocal rank fusion's constant: 1 / (RRF_K + rank) from each ranking, the dense
# ranking's share weighted by DENSE_WEIGHT.
RRF_K = 60
DENSE_WEIGHT = 1.0


def dense_candidates(params):
    """Page ids nearest by meaning to the query, best first ([] when hybrid search is off)."""
    if not embeddings.enabled() or not params.query:
        return []
    vector = embeddings.query_vector(params.query)
    found = embeddings.nearest(
        vector, include_internal=params.include_internal, limit=DENSE_LIMIT, minimum=MIN_SIMILARITY
    )
    return [pk for pk, _score in found]


def fuse(lexical, dense, unembedded=()):
    """Ids of both rankings in reciprocal-rank-fusion order; ties keep the lexical order.

    A lexical match in ``unembedded`` has no vector yet (published a moment ago; the
    background thread or the worker is embedding it): its meaning is unknown, not distant,
    so its lexical rank stands in for its dense one. Without that, a new report ranked
    below every page both sides found, even for its own title's words.
    """
    scores = {}
    for ranking, weight in ((lexical, 1.0), (dense, DENSE_WEIGHT)):
        for rank, pk in enumerate(ranking):
            scores[pk] = scores.get(pk, 0.0) + weight / (RRF_K + rank + 1)
    for rank, pk in enumerate(lexical):
        if pk in unembedded:
            scores[pk] += DENSE_WEIGHT / (RRF_K + rank + 1)
    first_seen = {pk: i for i, pk in enumerate([*lexical, *dense])}
    return sorted(scores, key=lambda pk: (-scores[pk], first_seen[pk]))


def unembedded(page_ids, include_internal):
    """Those of ``page_ids`` with no stored vector for this audience."""
    known = embeddings.matrix(include_internal).row_of
    return {pk for pk in page_ids if pk not in known}


# ---------------------------------------------------------------- the engine's side


def _ids(dense):
    return {"ids": {"values": [str(pk) for pk in dense]}}


def with_dense(body, dense):
    """``body`` (search.query.search_body) matching its lexical matches or the ``dense`` pages.

    The dense clause scores nothing, so in the engine's order a page found only by
    meaning comes after every lexical match; the fusion places it.
    """
    from .query import MATCHED

    query = body["query"]["bool"]
    query["must"]["bool"]["should"].append({"constant_score": {"filter": _ids(dense), "boost": 0}})
    # The fuzzy stage asks how much the words found: pages found only by meaning do not count.
    body["aggs"][MATCHED] = {"filter": {"bool": {"must_not": [_ids(dense)]}}}
    return body


def window_bodies(body, dense, end):
    """The fusion window as hit requests beside the counts: ``(head, tail, candidates)``.

    Only the first ``end`` lexical hits (up to the shown page's end) come whole, with
    highlights; the rest of the window comes as ids, which is all the fusion needs. A page
    at fused position p has a lexical rank of at most p unless the dense side found it
    too, so every page shown is in the head or among the candidates. The candidates come
    without highlights: most matched no word, and highlighting them with the lexical clauses
    cost as much as the rest of the fusion (the search's caller marks the query's words in
    their summaries instead).
    """
    head_size = min(end, WINDOW)
    head = {**body, "from": 0, "size": head_size}
    tail = None
    if head_size < WINDOW:
        tail = {key: value for key, value in body.items() if key != "highlight"}
        tail.update({"from": head_size, "size": WINDOW - head_size, "_source": ["page_id"]})
    candidates = {
        "query": {
            "bool": {
                "filter": [
                    _ids(dense),
                    *body["query"]["bool"].get("filter", []),
                    *body["post_filter"]["bool"]["filter"],
                ]
            }
        },
        "_source": body["_source"],
        "size": len(dense),
    }
    return head, tail, candidates


def fused_page(window_hits, candidate_hits, dense, params, rest):
    """The hits of page ``params`` in fused order.

    ``window_hits``: the engine's first ``WINDOW`` hits of the union, whole or as ids
    (:func:`window_bodies`); ``candidate_hits``: the dense pages that pass the filters;
    ``rest(start, size)``: lexical hits after the window, pages found by meaning left out,
    from position ``start`` of that order.
    """
    whole = [hit for hit in window_hits if "title" in hit["_source"]]
    by_id = {hit["_source"]["page_id"]: hit for hit in [*candidate_hits, *whole]}
    dense_set = set(dense)
    lexical = [hit["_source"]["page_id"] for hit in window_hits if hit.get("_score")]
    passed = [pk for pk in dense if pk in by_id]
    order = fuse(lexical, passed, unembedded(lexical, params.include_internal))
    start, end = params.offset, params.offset + params.page_size
    page = [by_id[pk] for pk in order[start:end]]
    if end > len(order) and len(window_hits) >= WINDOW:
        # Past the window: the lexical order goes on after the window's own pages.
        seen = sum(1 for hit in window_hits if hit["_source"]["page_id"] not in dense_set)
        after = max(0, start - len(order))
        page += rest(seen + after, end - max(start, len(order)))
    return page


def rest_body(body, dense, start, size):
    query = body["query"]["bool"]
    return {
        **body,
        # In the filter: split_body keeps a query's filters, not its must_not.
        "query": {"bool": {**query, "filter": [*query.get("filter", []), {"bool": {"must_not": [_ids(dense)]}}]}},
        "from": start,
        "size": size,
    }


# ---------------------------------------------------------------- the database's side


def fuse_rows(rows, dense, include_internal=False, key=lambda row: row[0].pk):
    """Database rows (lexical order, filtered) in fused order: the lexical top ``WINDOW``
    and the dense rows fused, the lexical order after."""
    dense_set = set(dense)
    by_id = {key(row): row for row in rows}
    lexical = [key(row) for row in rows if row[1] is not None][:WINDOW]
    passed = [pk for pk in dense if pk in by_id]
    order = fuse(lexical, passed, unembedded(lexical, include_internal))
    placed = set(order)
    return [by_id[pk] for pk in order] + [row for row in rows if key(row) not in placed and key(row) not in dense_set]
