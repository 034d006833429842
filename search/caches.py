"""Reference data search keeps in memory: its cache keys, lifetimes and invalidation.

Equivalences, municipality and network names, facet labels and the suggestion
vocabulary are read on every search or keystroke and change rarely. Each process keeps
its own copy (reading them from a shared cache per keystroke would cost more than it
saves), valid while Django's "default" cache holds the version the copy was loaded
under. So the shared cache is the one truth: an invalidation deletes the version and
every process sharing that cache reloads; the version expires after the lifetime below,
which bounds how stale a process whose cache is not shared can be; and clearing the
cache (as every test does) reloads them all.
"""

import uuid

from django.core.cache import cache

# Seconds a loaded copy may be used before the version expires and it is read again.
LIFETIMES = {
    "synonyms": 30,
    "names": 60,
    "facet-labels": 60,
    "suggest-vocabulary": 60,
    # Reading every page's text is the heaviest load here; publishing invalidates it anyway.
    "spelling-vocabulary": 600,
}


class VersionedMemo:
    """A per-process copy of data, one per ``variant``, kept while the shared version stands."""

    def __init__(self, name):
        self.key = f"search:{name}:version"
        self.lifetime = LIFETIMES[name]
        self._copies = {}

    def version(self):
        return cache.get_or_set(self.key, lambda: uuid.uuid4().hex, self.lifetime)

    def get(self, load, variant=None):
        """The copy for ``variant``, loaded with ``load()`` when the version changed since."""
        version = self.version()
        copy = self._copies.get(variant)
        if copy is None or copy[0] != version:
            copy = self._copies[variant] = (version, load())
        return copy[1]

    def invalidate(self, *args, **kwargs):
        """Signal receiver too: every process sharing the cache reloads on its next read."""
        cache.delete(self.key)


SYNONYMS = VersionedMemo("synonyms")
NAMES = VersionedMemo("names")
FACET_LABELS = VersionedMemo("facet-labels")
SUGGEST_VOCABULARY = VersionedMemo("suggest-vocabulary")
SPELLING_VOCABULARY = VersionedMemo("spelling-vocabulary")
