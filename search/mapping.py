"""Index settings and mapping for the engine index of pages.

Text appears three ways: ``title`` (standard analyzer: exact forms, ranked first),
``title.folded`` (language-neutral folding) and ``title_<lang>`` (the document's own
language: decompounding, stop words, stemming). Keyword fields carry slugs for facets
and filters; labels are looked up in the database.
"""

import hashlib
import json

from django.conf import settings

from .analysis import LANGUAGES, analysis_settings

TEXT_FIELDS = ("title", "summary", "body")
TEXT = {
    "type": "text",
    "fields": {"folded": {"type": "text", "analyzer": "folded", "search_analyzer": "folded_search"}},
}
NAMES = {
    "type": "text",
    "fields": {
        "folded": {"type": "text", "analyzer": "folded", "search_analyzer": "folded_search"},
        "raw": {"type": "keyword"},
    },
}
KEYWORD = {"type": "keyword"}
# Fields added after the first release; ``SearchEngine.ensure_index`` adds them to older indexes.
ADDED_FIELDS = ("audience", "attachments")
HIGHLIGHTED_TEXT = {
    "type": "text",
    "fields": {
        "folded": {
            "type": "text",
            "analyzer": "folded",
            "search_analyzer": "folded_search",
            "index_options": "offsets",
        }
    },
}


def _language_fields():
    fields = {}
    for language in LANGUAGES:
        for name in TEXT_FIELDS:
            fields[f"{name}_{language}"] = {
                "type": "text",
                "analyzer": f"{language}_text",
                "search_analyzer": f"{language}_search",
                # Offsets in the postings let the highlighter skip re-analysing long bodies.
                "index_options": "offsets",
            }
    return fields


def attachments_mapping():
    """The text of the files a page uses: one nested document per PDF page (per file otherwise),
    so a match can say which file and page it is on."""
    return {
        "type": "nested",
        "properties": {
            "document_id": {"type": "long"},
            "file": {"type": "keyword", "index": False},
            "title": {"type": "keyword", "index": False},
            "url": {"type": "keyword", "index": False},
            "page": {"type": "integer"},
            "language": KEYWORD,
            "text": HIGHLIGHTED_TEXT,
            **{
                f"text_{language}": {
                    "type": "text",
                    "analyzer": f"{language}_text",
                    "search_analyzer": f"{language}_search",
                    "index_options": "offsets",
                }
                for language in LANGUAGES
            },
        },
    }


def mapping():
    title = {
        "type": "text",
        "fields": {
            **TEXT["fields"],
            "suggest": {"type": "text", "analyzer": "autocomplete", "search_analyzer": "autocomplete_search"},
        },
    }
    return {
        "dynamic": "strict",
        "properties": {
            "page_id": {"type": "long"},
            "type": KEYWORD,
            # "public" or "internal" (signed-in readers only); anonymous queries filter on it.
            "audience": KEYWORD,
            "title": title,
            "summary": HIGHLIGHTED_TEXT,
            "body": HIGHLIGHTED_TEXT,
            **_language_fields(),
            "municipalities": NAMES,
            "network": NAMES,
            "topics": NAMES,
            "tags": NAMES,
            "national_solutions": NAMES,
            "municipality_slugs": KEYWORD,
            "region_slugs": KEYWORD,
            "countries": KEYWORD,
            "network_slugs": KEYWORD,
            "topic_slugs": KEYWORD,
            "solution_slugs": KEYWORD,
            "language": KEYWORD,
            "status": KEYWORD,
            "url": {"type": "keyword", "index": False},
            "published": {"type": "date"},
            "year": {"type": "integer"},
            "version": KEYWORD,
            "attachments": attachments_mapping(),
        },
    }


def schema_version():
    """A fingerprint of the analysis and mapping; an index made with another one is out of date."""
    schema = json.dumps({"analysis": analysis_settings(), "mapping": mapping()}, sort_keys=True)
    return hashlib.sha256(schema.encode()).hexdigest()[:16]


def index_body(refresh_interval="1s"):
    return {
        "settings": {
            "index": {
                "number_of_shards": settings.ERFA_SEARCH.get("SHARDS", 1),
                "number_of_replicas": settings.ERFA_SEARCH.get("REPLICAS", 0),
                "refresh_interval": refresh_interval,
                "max_ngram_diff": 30,
            },
            "analysis": analysis_settings(),
        },
        "mappings": {**mapping(), "_meta": {"erfa_schema": schema_version()}},
    }
