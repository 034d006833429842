from ..search.conftest import engine_urls, search_backend  # noqa: F401
