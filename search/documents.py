"""What goes into the engine index: one document per live page of the indexed types
that is public or internal (restricted to signed-in users). Each document carries its
``audience``, and every query for an anonymous reader filters on ``audience: public``.
Pages behind a password or a group restriction are never indexed. Contact persons and
other personal data are never part of a document."""

from django.db.models import prefetch_related_objects
from django.utils.html import strip_tags

from wagtail.models import Page

from attachments.text import attachment_rows, passages
from core.language_urls import default_language_url as _default_language_url
from core.visibility import INTERNAL, PUBLIC, audience_of, login_restricted_paths, searchable_pages, visible_pages

from .analysis import LANGUAGES
from .mapping import TEXT_FIELDS

PAGE_TYPES = {
    "experiences.experiencepage": "experience",
    "wiki.guidepage": "guide",
    "wiki.themepage": "theme",
    "gatherings.gatheringpage": "gathering",
    "news.newsitempage": "news",
}


def indexed_models():
    from experiences.models import ExperiencePage
    from gatherings.models import GatheringPage
    from news.models import NewsItemPage
    from wiki.models import GuidePage, ThemePage

    return [ExperiencePage, GuidePage, ThemePage, GatheringPage, NewsItemPage]


def type_of(page):
    return PAGE_TYPES.get(page._meta.label_lower)


def indexable_pages():
    """Every page that belongs in the index (public and internal), as specific instances."""
    return searchable_pages(Page.objects.live().type(*indexed_models())).specific()


def visible_indexable_pages(include_internal=False):
    """The indexable pages a reader may find: internal ones only for signed-in readers."""
    pages = indexable_pages()
    return pages if include_internal else visible_pages(pages)


def audience_filter(include_internal):
    """Engine filter clauses: anonymous readers find public documents only. Put in the query
    (not a post-filter), so totals, facet counts and highlights never see internal ones."""
    return [] if include_internal else [{"term": {"audience": PUBLIC}}]


def is_indexable(page):
    if page is None or not page.live or type_of(page) is None:
        return False
    return audience_of(page) is not None


def version_of(page, audience=None):
    """Changes whenever the indexed document would: a new publish, a move or a privacy change."""
    published = page.last_published_at.isoformat() if page.last_published_at else ""
    audience = audience or audience_of(page)
    return f"{published}|{page.url_path}|{audience}"


def audiences(pages):
    """``{page pk: audience}`` for indexable ``pages``, with one query for all of them."""
    internal_paths = login_restricted_paths()
    return {
        page.pk: INTERNAL if any(page.path.startswith(path) for path in internal_paths) else PUBLIC for page in pages
    }


def _text(html):
    return " ".join(strip_tags(html or "").split())


def _names(items):
    return sorted({str(item) for item in items})


def _slugs(items):
    return sorted({item.slug for item in items})


def gathering_municipalities(page):
    """Organisers and the speakers' municipalities: who a gathering is found by."""
    sessions = list(page.sessions.select_related("municipality__region"))
    found = {m.pk: m for m in page.municipalities.select_related("region")}
    found.update({s.municipality.pk: s.municipality for s in sessions if s.municipality})
    return list(found.values())


def gathering_fields(page):
    """A gathering's programme, organisers and date. Speakers' names are left out: they are
    personal data, and the index answers anonymous searches."""
    sessions = list(page.sessions.all())
    municipalities = gathering_municipalities(page)
    networks = list(page.networks.all())
    return {
        "summary": _text(page.intro),
        "body": " ".join(
            " ".join(part for part in (session.title, session.track, session.description) if part)
            for session in sessions
        ),
        "municipalities": _names(municipalities),
        "municipality_slugs": _slugs(municipalities),
        "region_slugs": _slugs(m.region for m in municipalities if m.region),
        "countries": sorted({m.country for m in municipalities}),
        "network": _names(networks),
        "network_slugs": _slugs(networks),
        # A gathering is dated by when it meets, not when its page was published.
        "published": page.starts_at.date().isoformat(),
        "year": page.starts_at.year,
    }


# What build_document reads besides the page's own fields, for the types that have it.
RELATIONS = ("topics", "tags", "municipalities__region", "national_solutions", "network")


def prefetch_relations(pages):
    """``pages`` with the relations :func:`build_document` reads fetched for all of them at
    once: a few queries per batch instead of several per page (a rebuild's main cost)."""
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, group in by_model.items():
        lookups = [name for name in RELATIONS if hasattr(model, name.split("__")[0])]
        if lookups:
            prefetch_related_objects(group, *lookups)
    # The attachments' text too: two queries for the batch rather than two per page.
    rows = attachment_rows([page.pk for page in pages])
    for page in pages:
        page._erfa_attachment_rows = rows[page.pk]
    return pages


def build_document(page, audience=None):
    kind = type_of(page)
    audience = audience or audience_of(page)
    document = {
        "page_id": page.pk,
        "type": kind,
        "audience": audience,
        "title": page.title,
        "summary": getattr(page, "summary", "") or "",
        "body": "",
        "municipalities": [],
        "countries": [],
        "network": [],
        "topics": [],
        "tags": [],
        "national_solutions": [],
        "municipality_slugs": [],
        "region_slugs": [],
        "network_slugs": [],
        "topic_slugs": [],
        "solution_slugs": [],
        "language": getattr(page, "language", "") or "",
        "status": "",
        "url": page.url_path and _default_language_url(page) or "",
        "published": page.first_published_at.date().isoformat() if page.first_published_at else None,
        "year": page.first_published_at.year if page.first_published_at else None,
        "version": version_of(page, audience),
    }
    if hasattr(page, "topics"):
        topics = list(page.topics.all())
        document["topics"] = sorted({name for topic in topics for name in topic.names()})
        document["topic_slugs"] = _slugs(topics)
    if hasattr(page, "tags"):
        document["tags"] = _names(page.tags.all())
    if kind == "experience":
        municipalities = list(page.municipalities.all())
        solutions = list(page.national_solutions.all())
        document.update(
            body=" ".join(_text(html) for _name, _label, html in page.sections),
            municipalities=_names(municipalities),
            municipality_slugs=_slugs(municipalities),
            region_slugs=_slugs(m.region for m in municipalities if m.region),
            countries=sorted({m.country for m in municipalities}),
            network=[page.network.name] if page.network else [],
            network_slugs=[page.network.slug] if page.network else [],
            national_solutions=_names(solutions),
            solution_slugs=_slugs(solutions),
            status=page.status,
        )
    elif kind == "guide":
        document["body"] = " ".join(page.body.stream_block.get_searchable_content(page.body))
    elif kind == "news":
        municipalities = list(page.municipalities.select_related("region"))
        document.update(
            body=" ".join(page.body.stream_block.get_searchable_content(page.body)),
            municipalities=_names(municipalities),
            municipality_slugs=_slugs(municipalities),
            region_slugs=_slugs(m.region for m in municipalities if m.region),
            countries=sorted({m.country for m in municipalities}),
            network=[page.network.name] if page.network else [],
            network_slugs=[page.network.slug] if page.network else [],
        )
    elif kind == "theme":
        document["summary"] = _text(page.intro)
    elif kind == "gathering":
        document.update(gathering_fields(page))
    if document["language"] in LANGUAGES:
        # The document's own language gets the stemmed, decompounded fields.
        for name in TEXT_FIELDS:
            document[f"{name}_{document['language']}"] = document[name]
    document["attachments"] = attachment_entries(page, document["language"])
    return document


def attachment_entries(page, page_language):
    """The text of the files the page uses, one nested entry per PDF page (per file otherwise),
    analysed in the attachment's language."""
    rows = getattr(page, "_erfa_attachment_rows", None)
    if rows is None:
        rows = attachment_rows([page.pk])[page.pk]
    entries = []
    for passage in passages(rows, page_language):
        entry = {key: passage[key] for key in ("document_id", "file", "title", "url", "page", "language", "text")}
        if passage["language"] in LANGUAGES:
            entry[f"text_{passage['language']}"] = passage["text"]
        entries.append(entry)
    return entries
