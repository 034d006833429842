"""The one engine-or-database rule (search.breaker.with_fallback) that search, suggestions
and similar reports share. Unit tests with a stub engine; the real-engine outages are in
test_engine_faults.py."""

from types import SimpleNamespace

import pytest

from search import breaker as breaker_module
from search.breaker import breaker, with_fallback
from search.engine import EngineError, EngineUnavailable
from search.related import related_experiences
from search.suggest import suggest


class StubEngine:
    name = "stub"
    alias = "stub"

    def __init__(self, error=None):
        self.config = SimpleNamespace(retry_after=60.0, write_timeout=1.0)
        self.error = error
        self.calls = 0

    def search(self, body, timeout=None):
        self.calls += 1
        raise self.error


@pytest.fixture
def stub_engine(monkeypatch):
    def install(error=None):
        engine = StubEngine(error)
        monkeypatch.setattr(breaker_module, "get_engine", lambda: engine)
        return engine

    breaker.reset()
    yield install
    breaker.reset()


def test_unreachable_engine_opens_the_breaker_and_the_database_answers(stub_engine):
    engine = stub_engine()

    def unreachable(_engine):
        raise EngineUnavailable("timed out")

    assert with_fallback(unreachable, lambda: "database", what="a test") == "database"
    assert breaker.is_open and breaker.last_error == "timed out"
    assert with_fallback(lambda _engine: "engine", lambda: "database", what="a test") == "database"
    assert engine.calls == 0


def test_refused_request_is_answered_by_the_database_and_the_engine_stays_in_use(stub_engine):
    stub_engine()

    def refused(_engine):
        raise EngineError("bad request")

    assert with_fallback(refused, lambda: "database", what="a test") == "database"
    assert not breaker.is_open
    assert with_fallback(lambda engine: engine.name, lambda: "database", what="a test") == "stub"


def test_without_an_engine_the_database_answers(monkeypatch):
    monkeypatch.setattr(breaker_module, "get_engine", lambda: None)
    assert with_fallback(lambda _engine: "engine", lambda: "database", what="a test") == "database"


def test_suggestions_open_the_breaker_when_the_engine_is_unreachable(db, stub_engine):
    engine = stub_engine(EngineUnavailable("connection refused"))
    assert suggest("svarut") == []
    assert engine.calls == 1 and breaker.is_open


def test_similar_reports_open_the_breaker_when_the_engine_is_unreachable(experience_index, stub_engine):
    from experiences.factories import ExperiencePageFactory

    page = ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik")
    engine = stub_engine(EngineUnavailable("connection refused"))
    assert related_experiences(page) == []
    assert engine.calls == 1 and breaker.is_open
