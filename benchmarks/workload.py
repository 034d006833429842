"""Search and suggestion requests drawn from the content in the database, for bench_search.py and the load test.

The fixed queries come from ``benchmarks/words/queries.json``; municipality names, filter values
and suggestion prefixes from what is published, so every request can find something.
"""

import re
from urllib.parse import parse_qs, urlencode

from benchmarks import textgen

FILTER_NAMES = ("language", "country", "topic", "municipality")


def corpus_facts():
    """What the requests draw on: filter values and names attached to public content, title words."""
    from django.db.models import Count

    from taggit.models import Tag

    from experiences.models import ExperiencePage, Municipality, NationalSolution, Network, Topic
    from search.documents import indexable_pages

    experiences = ExperiencePage.objects.live()
    languages = {
        row["language"]: row["n"] for row in experiences.values("language").annotate(n=Count("pk")).order_by("language")
    }
    municipalities = list(
        Municipality.objects.filter(experiences__live=True).distinct().order_by("slug").values_list("slug", "name")
    )
    topics = list(Topic.objects.filter(experiences__live=True).distinct().order_by("slug"))
    networks = list(Network.objects.filter(experiences__live=True).distinct().values_list("name", flat=True))
    solutions = list(NationalSolution.objects.filter(experiences__live=True).distinct().values_list("name", flat=True))
    tags = list(Tag.objects.filter(experiences_experiencepagetag_items__isnull=False).distinct().values_list("name"))
    step = max(1, experiences.count() // 2000)  # an even, reproducible sample of titles
    titles = list(experiences.order_by("pk").values_list("title", flat=True))[::step]
    words = sorted({word for title in titles for word in re.findall(r"[^\W\d_]{4,}", title)})
    return {
        "pages": indexable_pages().count(),
        "experiences": experiences.count(),
        "languages": languages,
        "municipalities": municipalities,
        "topics": [topic.slug for topic in topics],
        "names": sorted(
            {name for _slug, name in municipalities}
            | set(networks)
            | set(solutions)
            | {name for topic in topics for name in topic.names()}
            | {name for (name,) in tags}
        ),
        "words": words,
    }


def search_queries(facts, rng):
    """The fixed queries plus municipality names (alone and with a project word) from the corpus."""
    queries = textgen.search_queries()
    names = [name for _slug, name in facts["municipalities"]]
    for name in rng.sample(names, k=min(8, len(names))):
        queries.append((name, "name"))
    for name in rng.sample(names, k=min(4, len(names))):
        queries.append((f"{name} {rng.choice(textgen.QUERIES['with_municipality'])}", "name"))
    return queries


def _filters(facts, rng):
    values = {
        "language": [language for language, count in facts["languages"].items() for _ in range(max(1, count // 50))],
        "country": ["NO", "SE"],
        "topic": facts["topics"],
        "municipality": [slug for slug, _name in facts["municipalities"]],
    }
    chosen = rng.sample([name for name in FILTER_NAMES if values[name]], k=rng.choice([1, 2]))
    return [(name, rng.choice(values[name])) for name in chosen]


def search_paths(queries, facts, rng, count):
    """``count`` search requests; exactly half (rounded down) carry one or two facet filters."""
    filtered = set(rng.sample(range(count), count // 2))
    paths = []
    for number in range(count):
        query, _kind = rng.choice(queries)
        params = [("q", query)]
        if number in filtered:
            params += _filters(facts, rng)
        if rng.random() < 0.1:
            params.append(("page", "2"))
        paths.append("/api/search/?" + urlencode(params))
    return paths


def has_filters(path):
    return any(name in FILTER_NAMES for name in parse_qs(path.partition("?")[2]))


def suggest_prefixes(facts, rng, count=300):
    from search.suggest import fold

    prefixes = set()
    sources = [facts["words"] or facts["names"], facts["names"] or facts["words"]]
    for _attempt in range(50 * count):  # a tiny corpus may have fewer distinct prefixes
        if len(prefixes) >= count:
            break
        word = rng.choice(sources[0] if rng.random() < 0.7 else sources[1]).strip()
        if len(word) < 2:
            continue
        prefix = word[: rng.randint(2, min(6, len(word)))]
        if rng.random() < 0.6:
            prefix = prefix.lower()
        if rng.random() < 0.1:
            prefix = fold(prefix)
        prefixes.add(prefix)
    return sorted(prefixes)


def suggest_paths(prefixes, rng, count):
    return ["/api/search/suggest/?" + urlencode({"q": rng.choice(prefixes)}) for _ in range(count)]
