"""The equivalence index finds exactly what trying every term would find, only faster."""

import random
from pathlib import Path

from search import synonyms
from search.models import parse_terms

SEED_FILE = Path(synonyms.__file__).parent / "data" / "equivalences.txt"


def seeded_words():
    lines = [line for line in SEED_FILE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [(term, index) for index, line in enumerate(lines) for term, _lang in parse_terms(line) if " " not in term]


def brute_force(words, word):
    return frozenset(index for term, index in words if synonyms._word_matches(word, term))


def test_indexed_matching_equals_trying_every_term(monkeypatch):
    words = seeded_words()
    assert len(words) > 1000
    monkeypatch.setitem(synonyms._cache, "index", synonyms._index(words))
    rng = random.Random(7)
    terms = [term for term, _index in words]
    probes = set(terms)
    for term in rng.sample(terms, 400):
        other = rng.choice(terms)
        probes |= {term + "ene", term + "arna", term[:-1], term[:-2] + "ningar", other + term, other[:3] + term,
                   term + other, "x" + term, term[1:], term.upper().lower() + "s"}  # fmt: skip
    probes |= {"direktoratet", "bygglovsansökningar", "sosialhjelpssøknad", "ab", "", "kommunesamarbeid"}
    differences = [
        word
        for word in sorted(probes)
        if frozenset(index for term, index in synonyms._candidates(word) if synonyms._word_matches(word, term))
        != brute_force(words, word)
    ]
    assert differences == []
