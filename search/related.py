"""Experiences like this one, across languages: the engine's more-like-this on the
text plus shared topics, national solutions and tags (which do not depend on the
language the report is written in). Without an engine: shared topics and solutions.

With hybrid search on, the reports nearest by meaning (search/embeddings.py) are fused in,
and at least one report in another language is listed when one is close enough: a
Norwegian SvarUt report has four Norwegian SvarUt siblings, but the reader who needs the
Swedish Mina meddelanden experience would never find it through the words alone.
"""

from django.db.models import Count, Q

from core.visibility import sees_internal

from . import embeddings
from .breaker import with_fallback
from .documents import audience_filter, visible_indexable_pages
from .hybrid import MIN_SIMILARITY, fuse

TEXT_FIELDS = ["title", "summary", "body", "title.folded", "summary.folded", "body.folded"]


def _engine_related(engine, page, limit, include_internal=False):
    document = {"_index": engine.alias, "_id": str(page.pk)}
    topics = [topic.slug for topic in page.topics.all()]
    solutions = [solution.slug for solution in page.national_solutions.all()]
    tags = [tag.name for tag in page.tags.all()]
    should = [
        {
            "more_like_this": {
                "fields": TEXT_FIELDS,
                "like": [document],
                "min_term_freq": 1,
                "min_doc_freq": 1,
                "max_query_terms": 30,
                "minimum_should_match": "10%",
            }
        }
    ]
    if topics:
        should.append({"terms": {"topic_slugs": topics, "boost": 2}})
    if solutions:
        should.append({"terms": {"solution_slugs": solutions, "boost": 3}})
    counterparts = counterpart_slugs(page.national_solutions.all())
    if counterparts:
        should.append({"terms": {"solution_slugs": counterparts, "boost": 3}})
    if tags:
        should.append({"terms": {"tags.raw": tags, "boost": 1}})
    body = {
        "query": {
            "bool": {
                "should": should,
                "minimum_should_match": 1,
                "filter": [{"term": {"type": "experience"}}, *audience_filter(include_internal)],
                "must_not": [{"ids": {"values": [str(page.pk)]}}],
            }
        },
        "_source": ["page_id"],
        "size": limit,
    }
    response = engine.search(body, timeout=engine.config.write_timeout)
    return [hit["_source"]["page_id"] for hit in response["hits"]["hits"]]


def _database_related(page, limit, include_internal=False):
    from experiences.models import ExperiencePage

    topics = page.topics.all()
    solutions = page.national_solutions.all()
    candidates = (
        ExperiencePage.objects.filter(pk__in=visible_indexable_pages(include_internal).values("pk"))
        .exclude(pk=page.pk)
        .annotate(
            shared=Count("topics", filter=Q(topics__in=topics), distinct=True)
            + 2 * Count("national_solutions", filter=Q(national_solutions__in=solutions), distinct=True)
        )
        .filter(shared__gt=0)
        .order_by("-shared", "-first_published_at")
    )
    return list(candidates.values_list("pk", flat=True)[:limit])


def related_experiences(page, limit=4, user=None):
    """Live experience reports like ``page`` that ``user`` may see (None: public ones), best first."""
    from experiences.models import ExperiencePage

    include_internal = sees_internal(user)
    ids = with_fallback(
        lambda engine: _engine_related(engine, page, limit, include_internal),
        lambda: _database_related(page, limit, include_internal),
        what="similar reports",
    )
    near = _nearest(page, limit, include_internal)
    if near:
        ids = fuse(ids, near)
    # The database has the last word: nothing private or unpublished, whatever the index says.
    visible = visible_indexable_pages(include_internal).filter(pk__in=ids)
    pages = ExperiencePage.objects.filter(pk__in=visible.values("pk")).in_bulk()
    related = [pages[pk] for pk in ids if pk in pages]
    chosen = related[:limit]
    if chosen and all(_written(other) == _written(page) for other in chosen):
        other = _nearest_in_another_language(page, include_internal)
        if other is not None and other not in chosen:
            # Among the first few, not last: a report page shows four, after its hand-picked ones.
            chosen.insert(min(len(chosen), CROSS_LANGUAGE_SLOT), other)
            chosen = chosen[:limit]
    return chosen


CROSS_LANGUAGE_SLOT = 2


def _written(page):
    # Bokmål and nynorsk are one reader's language here: "another language" means across a border.
    return "no" if page.language in ("nb", "nn") else page.language


def _nearest_in_another_language(page, include_internal):
    """The visible report in another language nearest by meaning and by what it uses, if one is close enough.

    Closeness of the texts alone is not enough across a border: a Norwegian SvarUt report
    and a Swedish e-signing report both speak of municipalities, letters and signatures.
    What a report uses says more: SvarUt and Digipost on one side, Mina meddelanden and
    Kivra on the other are each country's answer to the same need, so reports that use
    counterpart national solutions are nearer (:func:`solution_affinity`).
    """
    from experiences.models import ExperiencePage

    vector = embeddings.vector_of(page.pk) if embeddings.enabled() else None
    if vector is None:
        return None
    found = embeddings.nearest(
        vector,
        include_internal=include_internal,
        limit=50,
        minimum=MIN_SIMILARITY,
        exclude={page.pk},
        kind="experience",
    )
    visible = visible_indexable_pages(include_internal).filter(pk__in=[pk for pk, _score in found])
    pages = ExperiencePage.objects.filter(pk__in=visible.values("pk")).prefetch_related("national_solutions").in_bulk()
    others = [(pages[pk], score) for pk, score in found if pk in pages and _written(pages[pk]) != _written(page)]
    if not others:
        return None
    mine = list(page.national_solutions.all())
    scored = [
        (score + SOLUTION_WEIGHT * solution_affinity(mine, list(other.national_solutions.all())), other)
        for other, score in others
    ]
    return max(scored, key=lambda item: item[0])[1]


# How much counterpart national solutions add to the cosine of two reports' texts.
SOLUTION_WEIGHT = 0.5


# How near two national solutions' descriptions must be for them to count as counterparts.
COUNTERPART_SIMILARITY = 0.9


def counterpart_slugs(solutions):
    """Slugs of other countries' national solutions that serve the same purpose as ``solutions``
    (Mina meddelanden and Kivra for SvarUt and Digipost), by the meaning of their descriptions;
    [] with hybrid search off."""
    from experiences.models import NationalSolution

    solutions = list(solutions)
    if not solutions or not embeddings.enabled():
        return []
    countries = {solution.country for solution in solutions}
    others = [other for other in NationalSolution.objects.exclude(country__in=countries) if other.description]
    if not others:
        return []
    texts = sorted({solution_text(solution) for solution in [*solutions, *others]})
    vectors = dict(zip(texts, embeddings.passage_vectors(texts), strict=True))
    return sorted(
        {
            other.slug
            for other in others
            for solution in solutions
            if float(vectors[solution_text(solution)] @ vectors[solution_text(other)]) >= COUNTERPART_SIMILARITY
        }
    )


def solution_text(solution):
    return ". ".join(part for part in (solution.name, solution.description) if part)


def solution_affinity(mine, theirs):
    """How near two sets of national solutions are in purpose, 0–1: the mean over ``mine`` of the
    nearest of ``theirs``, by the meaning of their descriptions (the same one counts 1).

    Above the model's noise floor only: e5 puts any two texts at a cosine of about 0.7–0.8.
    """
    if not mine or not theirs:
        return 0.0
    texts = sorted({solution_text(solution) for solution in [*mine, *theirs]})
    vectors = dict(zip(texts, embeddings.passage_vectors(texts), strict=True))
    nearest = []
    for solution in mine:
        own = vectors[solution_text(solution)]
        nearest.append(max(float(own @ vectors[solution_text(other)]) for other in theirs))
    mean = sum(nearest) / len(nearest)
    return max(0.0, (mean - MIN_SIMILARITY) / (1 - MIN_SIMILARITY))


def _nearest(page, limit, include_internal):
    """Experience ids nearest to ``page`` by meaning, best first; [] without a stored vector."""
    if not embeddings.enabled():
        return []
    vector = embeddings.vector_of(page.pk)
    if vector is None:
        return []
    found = embeddings.nearest(
        vector,
        include_internal=include_internal,
        limit=limit * 3,
        minimum=MIN_SIMILARITY,
        exclude={page.pk},
        kind="experience",
    )
    return [pk for pk, _score in found]
