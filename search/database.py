"""The database fallback: the same request answered by Wagtail's database backend.

Degraded on purpose: no stemming or decompounding beyond what the database does, no
typo tolerance, snippets highlight exact words only, facets are counted over the first
``MAX_CANDIDATES`` matches. Cross-language equivalents still apply (they are expanded
before the query is sent).
"""

import html
import re

from django.utils.html import strip_tags
from django.utils.text import Truncator

from .documents import type_of, visible_indexable_pages
from .facets import count_facets, matches, page_facet_values
from .params import FACET_NAMES

MAX_CANDIDATES = 1000
SNIPPET_WORDS = 40


def database_query(query):
    # The database backends parse some punctuation as syntax (SQLite FTS5 chokes on a
    # lone quote); plain words are all the fallback needs.
    return " ".join("".join(char if char.isalnum() else " " for char in query).split())


def _prefetched(pages):
    from experiences.models import ExperiencePage
    from wiki.models import GuidePage, ThemePage

    ids = [page.pk for page in pages]
    loaded = {}
    loaded.update(
        ExperiencePage.objects.filter(pk__in=ids)
        .select_related("network")
        .prefetch_related("municipalities__region", "topics", "national_solutions", "tags")
        .in_bulk()
    )
    loaded.update(GuidePage.objects.filter(pk__in=ids).prefetch_related("topics", "tags").in_bulk())
    loaded.update(ThemePage.objects.filter(pk__in=ids).prefetch_related("topics", "tags").in_bulk())
    return [(loaded[page.pk], getattr(page, "_score", None)) for page in pages if page.pk in loaded]


def highlight(text, words):
    """Escaped text with the query words in <mark>; never raw HTML from content."""
    plain = Truncator(" ".join(strip_tags(text or "").split())).words(SNIPPET_WORDS)
    escaped = html.escape(plain)
    words = [re.escape(html.escape(word)) for word in words if len(word) > 1]
    if not words:
        return escaped
    pattern = re.compile(r"(?<!\w)(" + "|".join(words) + r")", re.IGNORECASE)
    return pattern.sub(r"<mark>\1</mark>", escaped)


def search_database(params, expansions=()):
    text = database_query(" ".join([params.query, *expansions]))
    if not text:
        return 0, [], {}
    pages = visible_indexable_pages(params.include_internal)
    results = pages.search(text, operator="or").annotate_score("_score")
    rows = [
        (page, score, page_facet_values(page, type_of(page))) for page, score in _prefetched(results[:MAX_CANDIDATES])
    ]
    facets = count_facets([(page, values) for page, _score, values in rows], params.filters, FACET_NAMES)
    selected = [(page, score) for page, score, values in rows if matches(values, params.filters)]
    if params.sort == "newest":
        selected.sort(
            key=lambda item: item[0].first_published_at.timestamp() if item[0].first_published_at else 0, reverse=True
        )
    window = selected[params.offset : params.offset + params.page_size]
    return len(selected), window, facets
