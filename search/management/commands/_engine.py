from django.core.management.base import CommandError

from search.engine import get_engine


def require_engine():
    engine = get_engine()
    if engine is None:
        raise CommandError(
            "No search engine is configured (SEARCH_URL is empty); the database backend needs no index commands."
        )
    return engine
