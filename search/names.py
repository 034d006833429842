"""Municipality and network names mentioned in a query, so their reports rank higher."""

import time

from .suggest import fold

CACHE_SECONDS = 60
_cache = {"loaded_at": 0.0, "municipalities": {}, "networks": {}}


def _load():
    from experiences.models import Municipality, Network

    _cache["municipalities"] = {fold(name): slug for name, slug in Municipality.objects.values_list("name", "slug")}
    _cache["networks"] = {fold(name): slug for name, slug in Network.objects.values_list("name", "slug")}
    _cache["loaded_at"] = time.monotonic()


def invalidate(*args, **kwargs):
    _cache["loaded_at"] = 0.0


def named_in(query):
    """``(municipality slugs, network slugs)`` whose full name appears in the query."""
    if time.monotonic() - _cache["loaded_at"] > CACHE_SECONDS:
        _load()
    words = fold(query).split()
    phrases = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 4) + 1)}
    municipalities = sorted({slug for name, slug in _cache["municipalities"].items() if name in phrases})
    networks = sorted({slug for name, slug in _cache["networks"].items() if name in phrases})
    return municipalities, networks
