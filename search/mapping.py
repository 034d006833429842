"""Index settings and mapping for the engine index of pages.

Text is indexed with the standard analyzer plus a ``folded`` subfield, so "bodo" finds
Bodø and "harnosand" finds Härnösand. (Per-language analysis builds on this.)
"""

TEXT = {"type": "text", "fields": {"folded": {"type": "text", "analyzer": "nordic_folded"}}}
KEYWORD_TEXT = {
    "type": "text",
    "fields": {"folded": {"type": "text", "analyzer": "nordic_folded"}, "raw": {"type": "keyword"}},
}

MAPPING = {
    "dynamic": "strict",
    "properties": {
        "page_id": {"type": "long"},
        "type": {"type": "keyword"},
        "title": TEXT,
        "summary": TEXT,
        "body": TEXT,
        "municipalities": KEYWORD_TEXT,
        "regions": {"type": "keyword"},
        "countries": {"type": "keyword"},
        "network": KEYWORD_TEXT,
        "topics": KEYWORD_TEXT,
        "tags": KEYWORD_TEXT,
        "national_solutions": KEYWORD_TEXT,
        "language": {"type": "keyword"},
        "status": {"type": "keyword"},
        "url": {"type": "keyword", "index": False},
        "published": {"type": "date"},
        "year": {"type": "integer"},
        "version": {"type": "keyword"},
    },
}


def index_body(refresh_interval="1s"):
    return {
        "settings": {
            "index": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": refresh_interval},
            "analysis": {
                "analyzer": {
                    "nordic_folded": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "scandinavian_folding", "asciifolding"],
                    }
                }
            },
        },
        "mappings": MAPPING,
    }
