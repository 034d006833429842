"""The one search code path for the page and the API, with the database as fallback.

``run_search`` asks the engine when one is configured and healthy; when it is not
configured, or fails, the same request goes to Wagtail's database backend and the
response says so. Views never talk to a backend directly.
"""

import logging
import time
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.text import Truncator

from .documents import indexable_pages, type_of
from .engine import EngineError, EngineUnavailable, get_engine
from .indexing import breaker

logger = logging.getLogger(__name__)

SNIPPET_WORDS = 40
# Weights: title over summary and classification, those over the body.
FIELDS = [
    "title^4",
    "title.folded^3",
    "summary^2",
    "summary.folded^1.5",
    "municipalities^2",
    "municipalities.folded^2",
    "network^2",
    "network.folded^1.5",
    "topics^2",
    "topics.folded^1.5",
    "tags^2",
    "tags.folded^1.5",
    "national_solutions^2",
    "national_solutions.folded^2",
    "body",
    "body.folded^0.7",
]
SOURCE_FIELDS = ["page_id", "title", "url", "type", "municipalities", "language", "published", "summary"]


@dataclass
class Hit:
    title: str
    url: str
    type: str
    municipalities: list
    language: str
    published: str | None
    snippet: str
    score: float | None
    page_id: int

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

    def as_dict(self):
        return {
            "query": self.query,
            "total": self.total,
            "engine": self.engine,
            "took_ms": self.took_ms,
            "results": [hit.as_dict() for hit in self.hits],
            "facets": self.facets,
        }


def _snippet(text):
    return Truncator(" ".join(strip_tags(text or "").split())).words(SNIPPET_WORDS)


def engine_query(params):
    return {
        "query": {
            "bool": {
                "should": [
                    # All words present ranks above any word present.
                    {"multi_match": {"query": params.query, "fields": FIELDS, "operator": "and", "boost": 2}},
                    {"multi_match": {"query": params.query, "fields": FIELDS, "operator": "or"}},
                    {"match_phrase": {"title": {"query": params.query, "boost": 3}}},
                ],
                "minimum_should_match": 1,
            }
        },
        "_source": SOURCE_FIELDS,
        "from": params.offset,
        "size": params.page_size,
        "track_total_hits": True,
    }


def _search_engine(engine, params):
    response = engine.search(engine_query(params))
    hits = [
        Hit(
            title=source["title"],
            url=source["url"],
            type=source["type"],
            municipalities=source.get("municipalities", []),
            language=source.get("language", ""),
            published=source.get("published"),
            snippet=_snippet(source.get("summary", "")),
            score=hit.get("_score"),
            page_id=source["page_id"],
        )
        for hit in response["hits"]["hits"]
        for source in [hit["_source"]]
    ]
    total = response["hits"]["total"]
    return (total["value"] if isinstance(total, dict) else total), hits


def _database_query(query):
    # The database backends parse some punctuation as syntax (SQLite FTS5 chokes on a
    # lone quote); plain words are all the fallback needs.
    return " ".join("".join(char if char.isalnum() else " " for char in query).split())


def _search_database(params):
    query = _database_query(params.query)
    if not query:
        return 0, []
    results = indexable_pages().search(query, operator="or").annotate_score("_score")
    total = results.count()
    hits = []
    for page in results[params.offset : params.offset + params.page_size]:
        municipalities = sorted(m.name for m in page.municipalities.all()) if hasattr(page, "municipalities") else []
        hits.append(
            Hit(
                title=page.title,
                url=page.get_url() or "",
                type=type_of(page),
                municipalities=municipalities,
                language=getattr(page, "language", ""),
                published=page.first_published_at.date().isoformat() if page.first_published_at else None,
                snippet=_snippet(getattr(page, "summary", "") or getattr(page, "intro", "")),
                score=getattr(page, "_score", None),
                page_id=page.pk,
            )
        )
    return total, hits


def run_search(params):
    started = time.monotonic()
    engine = get_engine()
    if not params.query:
        name = engine.name if engine is not None and not breaker.is_open else "database"
        return SearchResponse(params.query, 0, name, _ms(started))
    if engine is not None and not breaker.is_open:
        try:
            total, hits = _search_engine(engine, params)
            return SearchResponse(params.query, total, engine.name, _ms(started), hits)
        except EngineUnavailable as error:
            breaker.trip(engine.config.retry_after, error)
            logger.warning("Search engine unavailable, answering from the database: %s", error)
        except EngineError as error:
            logger.error("Search engine refused a query, answering from the database: %s", error)
    total, hits = _search_database(params)
    return SearchResponse(params.query, total, "database", _ms(started), hits, fallback=engine is not None)


def _ms(started):
    return int((time.monotonic() - started) * 1000)
