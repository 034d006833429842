import uuid

import pytest

from search import engine as engine_module
from search.breaker import breaker
from search.indexing import drain_outbox, reconcile_embeddings

from . import engines

BACKENDS = ["database", "opensearch", "elasticsearch"]


@pytest.fixture(scope="session")
def engine_urls():
    """Start engines on first use; stop at the end only those this session started."""
    started_here, urls = [], {}

    def get(name):
        if name not in urls:
            already = engines.is_running(name)
            urls[name] = engines.start(name)
            if not already:
                started_here.append(name)
        return urls[name]

    yield get
    for name in started_here:
        engines.stop(name)


def configure_engine(settings, url, name, **overrides):
    settings.ERFA_SEARCH = {
        **settings.ERFA_SEARCH,
        "URLS": [url],
        "ENGINE": engines.BACKEND_SETTING[name],
        "INDEX_PREFIX": f"erfa_test_{uuid.uuid4().hex[:8]}_",
        "WRITE_TIMEOUT": 1.0,
        # Generous for queries: a loaded test machine must not turn results into fallbacks.
        # The fault tests set the production values.
        "SEARCH_TIMEOUT": 10.0,
        **overrides,
    }
    breaker.reset()
    return engine_module.get_engine()


class Backend:
    """What a test needs to know about the backend it runs against."""

    def __init__(self, name, engine=None):
        self.name = name
        self.engine = engine

    def sync(self):
        """Apply pending index changes and make them visible to search."""
        if self.engine is not None:
            drain_outbox(self.engine, include_postponed=True)
            self.engine.refresh()
        else:
            # Without an engine vectors follow commits, which a test's transaction never makes.
            reconcile_embeddings()


@pytest.fixture(params=BACKENDS)
def search_backend(request, settings, db):
    name = request.param
    if name == "database":
        settings.ERFA_SEARCH = {**settings.ERFA_SEARCH, "URLS": []}
        yield Backend(name)
        return
    url = request.getfixturevalue("engine_urls")(name)
    engine = configure_engine(settings, url, name)
    engine.ensure_index()
    yield Backend(name, engine)
    engine.drop()
    breaker.reset()


@pytest.fixture(params=["opensearch", "elasticsearch"])
def engine_backend(request, settings, db, engine_urls):
    """Each real engine in turn, for behaviour the database backend does not have."""
    engine = configure_engine(settings, engine_urls(request.param), request.param)
    engine.ensure_index()
    yield Backend(request.param, engine)
    engine.drop()
