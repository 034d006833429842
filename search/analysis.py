"""Language analysis for the engine index: one analyzer chain per content language.

Each document's text goes into fields for its own language (``title_sv`` …), analysed
with that language's stop words and stemmer after a dictionary decompounder, so
"sosialhjelpssøknad" is also indexed as "sosialhjelp" + "søknad". A language-neutral
``folded`` subfield (æ/ä→a, ø/ö→o, å→a) lets "bodo" find Bodø and "harnosand"
Härnösand; the unanalysed ``exact`` forms rank first. Word lists live in search/data/
and are read when an index is created, never at import time.
"""

from functools import cache
from pathlib import Path

from core.languages import CONTENT_LANGUAGE_CODES

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = tuple(CONTENT_LANGUAGE_CODES)

STEMMERS = {
    "nb": "light_norwegian",
    "nn": "light_nynorsk",
    "sv": "light_swedish",
    "da": "danish",
    "en": "light_english",
}
STOPWORDS = {"nb": "_norwegian_", "nn": "_norwegian_", "sv": "_swedish_", "da": "_danish_", "en": "_english_"}


def _read_words(name):
    path = DATA / name
    if not path.exists():
        return []
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            words.append(line)
    return words


@cache
def compound_parts():
    return sorted({word for word in _read_words("compound_parts.txt") if len(word) >= 3})


@cache
def question_stopwords():
    return sorted(set(_read_words("stopwords_questions.txt")))


@cache
def function_words():
    """Words a query can do without: the engines' stop lists for the five languages and the question words."""
    return frozenset(_read_words("stopwords_function.txt")) | frozenset(question_stopwords())


def _filters():
    filters = {
        "nordic_folding": {"type": "asciifolding", "preserve_original": False},
        "question_stop": {"type": "stop", "stopwords": question_stopwords() or ["_none_"]},
        "autocomplete_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 30},
    }
    parts = compound_parts()
    if parts:
        filters["compound_parts"] = {
            "type": "dictionary_decompounder",
            "word_list": parts,
            "min_subword_size": 3,
            "max_subword_size": 20,
            "only_longest_match": False,
        }
    for language in LANGUAGES:
        filters[f"{language}_stop"] = {"type": "stop", "stopwords": STOPWORDS[language]}
        filters[f"{language}_stemmer"] = {"type": "stemmer", "language": STEMMERS[language]}
    return filters


def _analyzers():
    decompound = ["compound_parts"] if compound_parts() else []
    analyzers = {
        # Language-neutral: folding makes æøåäö optional for people on any keyboard.
        "folded": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "scandinavian_folding", "nordic_folding"],
        },
        "folded_search": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "question_stop", "scandinavian_folding", "nordic_folding"],
        },
        # Autocomplete folds the same way at index and query time (wagtail#13005 did not),
        # and keeps prefixes up to 30 characters for long compounds.
        "autocomplete": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "scandinavian_folding", "nordic_folding", "autocomplete_edge"],
        },
        "autocomplete_search": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "scandinavian_folding", "nordic_folding"],
        },
    }
    for language in LANGUAGES:
        # remove_duplicates: a word that is also a listed part must not count twice.
        chain = ["lowercase", *decompound, f"{language}_stop", f"{language}_stemmer", "remove_duplicates"]
        analyzers[f"{language}_text"] = {"type": "custom", "tokenizer": "standard", "filter": chain}
        analyzers[f"{language}_search"] = {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                "question_stop",
                *decompound,
                f"{language}_stop",
                f"{language}_stemmer",
                "remove_duplicates",
            ],
        }
    return analyzers


def analysis_settings():
    return {"filter": _filters(), "analyzer": _analyzers()}
