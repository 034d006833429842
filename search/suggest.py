"""Suggestions while typing: page titles from the index, and the names of
municipalities, networks, topics, national solutions and tags from the database.

Matching folds æøåäö the same way on both sides (so "bær" and "baer" both find Bærum,
unlike Wagtail's autocomplete, wagtail#13005) and allows one typo once four letters
are typed. Only names attached to live content the reader may see are suggested: public
content for anonymous readers, public and internal content for signed-in ones. Topic and
national solution names match in any UI language but show in the reader's (with its
``lang``), so the vocabulary is kept per audience and UI language.
"""

from django.db.models import Q
from django.utils.http import urlencode

from core.language_urls import in_active_language
from core.translation import ui_language

from .breaker import with_fallback
from .caches import SUGGEST_VOCABULARY
from .database import database_query
from .documents import audience_filter, visible_indexable_pages

MAX_SUGGESTIONS = 10
MAX_TITLES = 5
# Letters matched as the same; autocomplete.js highlights with this table too (the search
# box template hands it over), so what is marked is what matched. One letter each, so
# positions in folded text stay those of the original.
FOLDED_LETTERS = {"æ": "a", "ä": "a", "å": "a", "á": "a", "à": "a", "ø": "o", "ö": "o", "ó": "o", "é": "e", "ü": "u"}
FOLD = str.maketrans(FOLDED_LETTERS)


def fold(text):
    return " ".join(text.lower().translate(FOLD).split())


def _within_one_edit(a, b):
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differences = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differences) == 2:  # a swap of neighbours counts as one typo
            i, j = differences
            return j == i + 1 and a[i] == b[j] and a[j] == b[i]
        return len(differences) <= 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _prefix_match(folded_query, folded_name):
    words = folded_name.split()
    starts = [" ".join(words[i:]) for i in range(len(words))]
    if any(start.startswith(folded_query) for start in starts):
        return 2  # exact prefix
    if len(folded_query) >= 4:
        n = len(folded_query)
        if any(
            _within_one_edit(folded_query, start[:n]) or _within_one_edit(folded_query, start[: n + 1])
            for start in starts
        ):
            return 1  # one typo
    return 0


def _load_vocabulary(include_internal=False):
    from taggit.models import Tag

    from experiences.models import ExperienceIndexPage, ExperiencePage, Municipality, NationalSolution, Network, Topic

    public = visible_indexable_pages(include_internal)
    experiences = ExperiencePage.objects.filter(pk__in=public.values("pk"))
    index = ExperienceIndexPage.objects.live().public().first()
    if index is None:
        return []
    index_url = index.url
    entries = []  # (kind, name shown, url, name matched, language of the name shown)
    for municipality in Municipality.objects.filter(experiences__in=experiences).distinct():
        url = f"{index_url}kommune/{municipality.slug}/"
        entries.append(("municipality", municipality.name, url, municipality.name, None))
    for network in Network.objects.filter(experiences__in=experiences).distinct():
        entries.append(("network", network.name, f"{index_url}nettverk/{network.slug}/", network.name, None))
    named = [("solution", NationalSolution.objects.filter(experiences__in=experiences).distinct())]
    public_ids = public.values("pk")
    named.append(("topic", Topic.objects.filter(Q(experiences__in=public_ids) | Q(guides__in=public_ids)).distinct()))
    for kind, items in named:
        for item in items:
            shown = item.translated_name
            url = _filter_url(index_url, **{kind: item.slug})
            for name in item.names():
                entries.append((kind, shown.text, url, name, shown.lang))
    tags = Tag.objects.filter(
        Q(experiences_experiencepagetag_items__content_object__in=public_ids)
        | Q(wiki_guidepagetag_items__content_object__in=public_ids)
    ).distinct()
    for tag in tags:
        entries.append(("tag", tag.name, _filter_url(index_url, tag=tag.name), tag.name, None))
    return [(kind, shown, url, fold(name), language) for kind, shown, url, name, language in entries]


def _filter_url(base, **params):
    return f"{base}?{urlencode(params)}"


def vocabulary(include_internal=False):
    # One vocabulary per audience (names attached only to internal content are for signed-in
    # readers) and UI language (the names shown).
    include_internal = bool(include_internal)
    variant = (include_internal, ui_language())
    return SUGGEST_VOCABULARY.get(lambda: _load_vocabulary(include_internal), variant=variant)


invalidate_vocabulary = SUGGEST_VOCABULARY.invalidate


def _engine_titles(engine, query, include_internal=False):
    body = {
        "query": {
            "bool": {
                "filter": audience_filter(include_internal),
                "should": [
                    {"match": {"title.suggest": {"query": query, "operator": "and", "boost": 2}}},
                    {
                        "match": {
                            "title.suggest": {"query": query, "operator": "and", "fuzziness": 1, "prefix_length": 1}
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        },
        "_source": ["title", "url", "language"],
        "size": MAX_TITLES,
    }
    response = engine.search(body, timeout=engine.config.write_timeout)
    return [
        {
            "text": hit["_source"]["title"],
            "type": "title",
            "url": in_active_language(hit["_source"]["url"]),
            "language": hit["_source"]["language"] or None,
        }
        for hit in response["hits"]["hits"]
    ]


def _database_titles(query, include_internal=False):
    text = database_query(query)
    if not text:
        return []
    return [
        {
            "text": page.title,
            "type": "title",
            "url": page.get_url(),
            "language": getattr(page, "language", None) or None,
        }
        for page in visible_indexable_pages(include_internal).autocomplete(text)[:MAX_TITLES]
    ]


def suggest(query, include_internal=False):
    query = " ".join(query.split())
    if not query:
        return []
    titles = with_fallback(
        lambda engine: _engine_titles(engine, query, include_internal),
        lambda: _database_titles(query, include_internal),
        what="suggestions",
    )
    folded = fold(query)
    names = []
    seen = set()
    for kind, name, url, folded_name, language in vocabulary(include_internal):
        score = _prefix_match(folded, folded_name)
        if score and (kind, url) not in seen:
            seen.add((kind, url))
            names.append((-score, len(name), {"text": name, "type": kind, "url": url, "language": language}))
    names.sort(key=lambda item: (item[0], item[1]))
    return (titles + [entry for _score, _length, entry in names])[:MAX_SUGGESTIONS]
