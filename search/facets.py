"""Facet values: labels for the keys the index stores, and the same facets computed
from the database when the engine is away."""

from collections import Counter

from core.facets import FACETS

from .caches import FACET_LABELS
from .documents import gathering_fields

invalidate = FACET_LABELS.invalidate


def _labels_by_slug(model, slugs):
    """Reference data is small and rarely edited, and a search shows up to a thousand
    municipality buckets: keep the rows (search.caches) instead of querying per search.
    Labels are made per call, since some follow the UI language."""
    rows = FACET_LABELS.get(lambda: {item.slug: item for item in model.objects.all()}, variant=model)
    return {slug: str(rows[slug]) for slug in slugs if slug in rows}


def label_facets(raw):
    """``{facet: [(key, count), …]}`` → ``{facet: [{"value", "label", "count"}, …]}``."""
    from experiences.models import Municipality, NationalSolution, Network, Region, Topic

    lookups = {
        "municipality": Municipality,
        "region": Region,
        "network": Network,
        "topic": Topic,
        "solution": NationalSolution,
    }
    fixed = {name: dict(facet.choices) for name, facet in FACETS.items() if facet.choices}
    facets = {}
    for name, buckets in raw.items():
        keys = [key for key, _count in buckets]
        if name in lookups:
            labels = _labels_by_slug(lookups[name], keys)
        else:
            labels = {key: str(fixed[name].get(key, key)) if name in fixed else str(key) for key in keys}
        facets[name] = [
            {"value": key, "label": labels.get(key, str(key)), "count": count} for key, count in buckets if count
        ]
        if name == "year":
            facets[name].sort(key=lambda bucket: bucket["value"], reverse=True)
    return facets


def engine_facets(aggregations):
    # A facet is a terms aggregation, inside a filter when other facets are chosen; other
    # aggregations (the service's match and word counts) ride along in the same answer.
    facets = {}
    for name, agg in aggregations.items():
        terms = agg.get("values", agg)
        if "buckets" in terms:
            facets[name] = [(b["key"], b["doc_count"]) for b in terms["buckets"]]
    return facets


def page_facet_values(page, kind):
    """What one page contributes to each facet, for the database fallback."""
    values = {
        "type": [kind],
        "language": [getattr(page, "language", "")],
        "year": [page.first_published_at.year] if page.first_published_at else [],
        "topic": [topic.slug for topic in page.topics.all()] if hasattr(page, "topics") else [],
        "tag": [tag.name for tag in page.tags.all()] if hasattr(page, "tags") else [],
    }
    if kind == "experience":
        municipalities = list(page.municipalities.all())
        values.update(
            municipality=[m.slug for m in municipalities],
            region=sorted({m.region.slug for m in municipalities if m.region}),
            country=sorted({m.country for m in municipalities}),
            network=[page.network.slug] if page.network else [],
            solution=[s.slug for s in page.national_solutions.all()],
            status=[page.status],
        )
    elif kind == "gathering":
        fields = gathering_fields(page)
        values.update(
            municipality=fields["municipality_slugs"],
            region=fields["region_slugs"],
            country=fields["countries"],
            network=fields["network_slugs"],
            year=[fields["year"]],
        )
    elif kind == "news":
        municipalities = list(page.municipalities.all())
        values.update(
            municipality=[m.slug for m in municipalities],
            region=sorted({m.region.slug for m in municipalities if m.region}),
            country=sorted({m.country for m in municipalities}),
            network=[page.network.slug] if page.network else [],
        )
    return values


def matches(values, filters, skip=None):
    return all(set(values.get(name, [])) & set(wanted) for name, wanted in filters.items() if wanted and name != skip)


def count_facets(rows, filters, names):
    """``rows``: [(page, values)]. Counts per facet with every other facet's filter applied."""
    raw = {}
    for name in names:
        counter = Counter()
        for _page, values in rows:
            if matches(values, filters, skip=name):
                counter.update(set(values.get(name, [])))
        raw[name] = counter.most_common()
    return raw
