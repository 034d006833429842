"""Cross-language query expansion from the editor-managed equivalence list.

A query is expanded with the other terms of every group one of its words belongs to.
Words match a term exactly, by a shared stem-like prefix ("ansökningarna" ~ "ansökningar"),
or by containing it ("bygglovsansökningar" contains "bygglov"), so inflected forms and
compounds expand too. The expansion is ranked below the words actually typed.
"""

import os.path

from django.db.models import Count, Max

from .analysis import compound_parts
from .caches import SYNONYMS
from .models import Equivalence

MAX_EXPANSIONS = 24
MIN_PART = 5
MIN_COMPOUND_PART = 6

# This process's copy, checked against the shared version in search.caches.
_cache = {"version": None, "stamp": None, "groups": [], "phrases": [], "by_word": {}, "index": {}}
# Words seen per cache generation; bounded so hostile queries cannot grow it without limit.
MAX_CACHED_WORDS = 20_000


def invalidate(*args, **kwargs):
    _cache["stamp"] = None
    SYNONYMS.invalidate()


def groups():
    """The equivalence groups, reloaded when editors changed them.

    When the shared version changed (an edit, or its lifetime ran out: search.caches), a
    process asks whether the list changed; reading and indexing the whole list only happens then.
    """
    version = SYNONYMS.version()
    if version != _cache["version"]:
        stamp = Equivalence.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
        if stamp != _cache["stamp"]:
            loaded = [[term for term, _lang in equivalence.parsed_terms()] for equivalence in Equivalence.objects.all()]
            words = [(term, index) for index, group in enumerate(loaded) for term in group if " " not in term]
            _cache["groups"] = loaded
            _cache["phrases"] = [(term, index) for index, group in enumerate(loaded) for term in group if " " in term]
            _cache["index"] = _index(words)
            _cache["by_word"] = {}
            _cache["stamp"] = stamp
        _cache["version"] = version
    return _cache["groups"]


def _index(words):
    """Lookups that find every term ``_word_matches`` could accept, without trying them all.

    By the whole term (exact), by its stem (a word starting with it) and, for terms long
    enough to be a compound part, by the term itself (a substring of the word).
    """
    exact, stems, parts = {}, {}, {}
    for term, index in words:
        exact.setdefault(term, []).append((term, index))
        if len(term) >= MIN_PART:
            stems.setdefault(term[: max(MIN_PART, len(term) - 2)], []).append((term, index))
        if len(term) >= MIN_COMPOUND_PART:
            parts.setdefault(term, []).append((term, index))
    return {"exact": exact, "stems": stems, "parts": parts}


def _candidates(word):
    index = _cache["index"]
    if not index:
        return []
    found = list(index["exact"].get(word, ()))
    for end in range(MIN_PART, len(word) + 1):
        found.extend(index["stems"].get(word[:end], ()))
    for start in range(len(word) - MIN_COMPOUND_PART + 1):
        for end in range(start + MIN_COMPOUND_PART, len(word) + 1):
            found.extend(index["parts"].get(word[start:end], ()))
    return found


MAX_ENDING = 5  # inflectional ending after what word and term share: "-ningarna" is longer, but plurals are listed
MIN_FIRST_PART = 3  # a compound's first part, so "rektor" is not found inside "direktoratet"


def _word_matches(word, term):
    if word == term:
        return True
    if len(term) < MIN_PART or len(word) < MIN_PART:
        return False
    shared = len(os.path.commonprefix([word, term]))
    # An inflection keeps the term's stem and adds a short ending. What follows is longer
    # in a compound: "arkivsystem" is not a form of "arkivar", nor "publisering" of "public".
    if shared >= max(MIN_PART, len(term) - 2) and len(word) - shared <= MAX_ENDING:
        return True
    if len(term) >= 6:
        position = word.find(term)
        # A compound part: at the start, or after a first part of its own, and not inside a
        # longer known word, so "sökning" is not found in "bygglovs|ansökningar".
        return position == 0 or (position >= MIN_FIRST_PART and not _inside_longer_word(word, position, len(term)))
    return False


def _inside_longer_word(word, start, length):
    """Whether ``word[start:start + length]`` lies inside a longer known word within ``word`` (not all of it)."""
    known = _known_words()
    return any(
        word[begin:end] in known
        for begin in range(start)
        for end in range(start + length, len(word) + 1)
        if (begin, end) != (0, len(word))
    )


def _known_words():
    known = _cache.get("known")
    if known is None or known[0] is not _cache["index"]:
        words = set(compound_parts()) | set(_cache["index"].get("exact", ()))
        known = _cache["known"] = (_cache["index"], frozenset(words))
    return known[1]


def _groups_of_word(word):
    """Indexes of the groups one query word belongs to, remembered per word: matching a word
    against every term of a few hundred groups cost more than the engine's whole search, so
    only the terms the index offers are tried."""
    by_word = _cache["by_word"]
    found = by_word.get(word)
    if found is None:
        found = frozenset(index for term, index in _candidates(word) if _word_matches(word, term))
        if len(by_word) >= MAX_CACHED_WORDS:
            by_word.clear()
        by_word[word] = found
    return found


def expand(query):
    """Terms equivalent to the query's words, excluding what was typed (words and phrases)."""
    text = " ".join(query.lower().split())
    words = [word.strip(".,;:!?()\"'") for word in text.split()]
    all_groups = groups()
    typed_phrases = {term for term, _index in _cache["phrases"] if term in text}
    matched = {index for term, index in _cache["phrases"] if term in typed_phrases}
    for word in words:
        matched |= _groups_of_word(word)
    expansions = []
    for index in sorted(matched):
        expansions.extend(
            term
            for term in all_groups[index]
            if term not in words and term not in typed_phrases and term not in expansions
        )
    return expansions[:MAX_EXPANSIONS]
