"""Cross-language query expansion from the editor-managed equivalence list.

A query is expanded with the other terms of every group one of its words belongs to.
Words match a term exactly, by a shared stem-like prefix ("ansökningarna" ~ "ansökan"),
or by containing it ("bygglovsansökningar" contains "bygglov"), so inflected forms and
compounds expand too. The expansion is ranked below the words actually typed.
"""

import time

from .models import Equivalence

CACHE_SECONDS = 30
MAX_EXPANSIONS = 24
MIN_PART = 5

_cache = {"loaded_at": 0.0, "groups": []}


def invalidate(*args, **kwargs):
    _cache["loaded_at"] = 0.0


def groups():
    if time.monotonic() - _cache["loaded_at"] > CACHE_SECONDS:
        _cache["groups"] = [
            [term for term, _language in equivalence.parsed_terms()] for equivalence in Equivalence.objects.all()
        ]
        _cache["loaded_at"] = time.monotonic()
    return _cache["groups"]


MAX_ENDING = 5  # inflectional ending on top of a term's stem: "-ningarna" is longer, but plurals are listed
MIN_FIRST_PART = 3  # a compound's first part, so "rektor" is not found inside "direktoratet"


def _word_matches(word, term):
    if word == term:
        return True
    if len(term) < MIN_PART or len(word) < MIN_PART:
        return False
    stem = term[: max(MIN_PART, len(term) - 2)]
    if word.startswith(stem) and len(word) <= len(term) + MAX_ENDING:
        return True
    if len(term) >= 6:
        position = word.find(term)
        # A compound part: at the start, or after a first part of its own.
        return position == 0 or position >= MIN_FIRST_PART
    return False


def _matches(query, words, term):
    if " " in term:
        return term in query
    return any(_word_matches(word, term) for word in words)


def expand(query):
    """Terms equivalent to the query's words, excluding what was typed."""
    text = " ".join(query.lower().split())
    words = [word.strip(".,;:!?()\"'") for word in text.split()]
    expansions = []
    for group in groups():
        if any(_matches(text, words, term) for term in group):
            expansions.extend(term for term in group if term not in words and term not in expansions)
    return expansions[:MAX_EXPANSIONS]
