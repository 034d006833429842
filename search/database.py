"""The database fallback: the same request answered by Wagtail's database backend.

Degraded on purpose: no stemming or decompounding beyond what the database does, no
fuzzy matching (typos are corrected before, search.spelling), snippets highlight exact
words only, facets are counted over the first ``MAX_CANDIDATES`` matches. Cross-language
equivalents still apply (they are expanded before the query is sent).
"""

import html
import re

from django.db import connection
from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.models import Page

from attachments.text import excerpt, matching_passages
from core.facets import FACETS

from .documents import type_of, visible_indexable_pages
from .facets import count_facets, matches, page_facet_values
from .hybrid import fuse_rows

MAX_CANDIDATES = 1000
SNIPPET_WORDS = 40


def database_query(query):
    # The database backends parse some punctuation as syntax (SQLite FTS5 chokes on a
    # lone quote); plain words are all the fallback needs.
    return " ".join("".join(char if char.isalnum() else " " for char in query).split())


def _prefetched(pages):
    from experiences.models import ExperiencePage
    from gatherings.models import GatheringPage
    from news.models import NewsItemPage
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
    loaded.update(
        GatheringPage.objects.filter(pk__in=ids)
        .prefetch_related("topics", "networks", "municipalities__region", "sessions__municipality__region")
        .in_bulk()
    )
    loaded.update(
        NewsItemPage.objects.filter(pk__in=ids)
        .select_related("network")
        .prefetch_related("municipalities__region", "tags")
        .in_bulk()
    )
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


def _fts5_tables():
    """Wagtail's SQLite full-text tables, or None when the database backend is not SQLite FTS5."""
    if connection.vendor != "sqlite":
        return None
    from django.apps import apps

    try:
        fts = apps.get_model("wagtailsearch", "SQLiteFTSIndexEntry")
        entries = apps.get_model("wagtailsearch", "IndexEntry")
    except LookupError:
        return None
    return fts._meta.db_table, entries._meta.db_table


def _ranked_on_sqlite(pages, text, tables):
    """The best ``MAX_CANDIDATES`` pages for ``text`` straight from FTS5, ranked like Wagtail's backend.

    Wagtail's SQLite backend scores through a correlated subquery that repeats the full-text
    match for every page row: at 20 000 reports one fallback search took over a minute
    (make bench-search). One ranked MATCH over the index, then the candidates' pages, is the
    same ranking in milliseconds.
    """
    from django.contrib.contenttypes.models import ContentType

    from modelsearch.utils import get_descendants_content_types_pks

    fts_table, entry_table = tables
    terms = list(dict.fromkeys(text.split()))
    match = "{title body} : (" + " OR ".join('"' + term.replace('"', '""') + '"' for term in terms) + ")"
    content_types = list(get_descendants_content_types_pks(Page)) or [ContentType.objects.get_for_model(Page).pk]
    placeholders = ", ".join(["%s"] * len(content_types))
    # Table names come from model metadata and every value is a parameter.
    sql = (
        f'SELECT e."object_id", bm25("{fts_table}") * e."title_norm" + bm25("{fts_table}") AS score '  # noqa: S608
        f'FROM "{fts_table}" JOIN "{entry_table}" e ON "{fts_table}".rowid = e."id" '
        f'WHERE "{fts_table}" MATCH %s AND e."content_type_id" IN ({placeholders}) '
        'ORDER BY score, e."object_id" DESC LIMIT %s'
    )
    with connection.cursor() as cursor:
        # More candidates than kept: some belong to pages this reader may not see.
        cursor.execute(sql, [match, *content_types, MAX_CANDIDATES * 2])
        ranked = [(int(object_id), score) for object_id, score in cursor.fetchall()]
    allowed = set(pages.filter(pk__in=[pk for pk, _score in ranked]).values_list("pk", flat=True))
    chosen = [(pk, score) for pk, score in ranked if pk in allowed][:MAX_CANDIDATES]
    loaded = Page.objects.filter(pk__in=[pk for pk, _score in chosen]).in_bulk()
    results = []
    for pk, score in chosen:
        page = loaded[pk]
        page._score = score
        results.append(page)
    return results


def _content_words(text):
    # search.query imports the modules that import this one: asked for at call time.
    from .query import content_text

    return content_text(text).split()


def attachment_hits(words, pages):
    """``{page id: attachment}`` as the engine gives it (``search.query.attachment_of``) for the
    ``pages`` whose files hold one of ``words``."""
    words = _content_words(database_query(" ".join(words)))
    found = matching_passages(words, Page.objects.filter(pk__in=[page.pk for page in pages]))
    return {
        page_id: {
            "file": entry["file"],
            "title": entry["title"],
            "url": entry["url"],
            "page": entry["page"],
            "snippet": highlight(excerpt(entry["text"], words), words),
        }
        for page_id, entry in found.items()
    }


def search_database(params, expansions=(), dense=()):
    """``dense``: page ids found by meaning (search/hybrid.py), added to the matches when the
    reader may see them, counted and filtered like them, and fused into their order."""
    text = database_query(" ".join([params.query, *expansions]))
    if not text:
        return 0, [], {}
    pages = visible_indexable_pages(params.include_internal)
    tables = _fts5_tables()
    if tables is not None:
        candidates = _ranked_on_sqlite(pages, text, tables)
    else:
        candidates = list(pages.search(text, operator="or").annotate_score("_score")[:MAX_CANDIDATES])
    # Wagtail's backend indexes no attachment text: pages whose files hold a word come after
    # the pages that hold it themselves.
    in_files = matching_passages(_content_words(text), pages)
    if in_files:
        found = {page.pk for page in candidates}
        candidates = [*candidates, *Page.objects.filter(pk__in=set(in_files) - found)]
    if dense:
        found = {page.pk for page in candidates}
        candidates = [
            *candidates,
            *Page.objects.filter(pk__in=pages.filter(pk__in=dense).values("pk")).exclude(pk__in=found),
        ]
    rows = [(page, score, page_facet_values(page, type_of(page))) for page, score in _prefetched(candidates)]
    facets = count_facets([(page, values) for page, _score, values in rows], params.filters, FACETS)
    selected = [(page, score) for page, score, values in rows if matches(values, params.filters)]
    if dense and params.sort != "newest":
        selected = fuse_rows(selected, dense, params.include_internal)
    if params.sort == "newest":
        selected.sort(
            key=lambda item: item[0].first_published_at.timestamp() if item[0].first_published_at else 0, reverse=True
        )
    window = selected[params.offset : params.offset + params.page_size]
    return len(selected), window, facets
