"""Experiences like this one, across languages: the engine's more-like-this on the
text plus shared topics, national solutions and tags (which do not depend on the
language the report is written in). Without an engine: shared topics and solutions."""

from django.db.models import Count, Q

from core.visibility import sees_internal

from .breaker import with_fallback
from .documents import audience_filter, visible_indexable_pages

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
    # The database has the last word: nothing private or unpublished, whatever the index says.
    visible = visible_indexable_pages(include_internal).filter(pk__in=ids)
    pages = ExperiencePage.objects.filter(pk__in=visible.values("pk")).in_bulk()
    return [pages[pk] for pk in ids if pk in pages]
