"""Municipality and network names mentioned in a query, so their reports rank higher."""

from .caches import NAMES
from .suggest import fold


def _load():
    from experiences.models import Municipality, Network

    return (
        {fold(name): slug for name, slug in Municipality.objects.values_list("name", "slug")},
        {fold(name): slug for name, slug in Network.objects.values_list("name", "slug")},
    )


invalidate = NAMES.invalidate


def named_in(query):
    """``(municipality slugs, network slugs)`` whose full name appears in the query."""
    municipality_names, network_names = NAMES.get(_load)
    words = fold(query).split()
    phrases = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 4) + 1)}
    municipalities = sorted({slug for name, slug in municipality_names.items() if name in phrases})
    networks = sorted({slug for name, slug in network_names.items() if name in phrases})
    return municipalities, networks
