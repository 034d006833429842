"""Engine outages against real engines: nothing published during an outage is lost.

A fault proxy sits between Erfa and a real engine so a test can make the engine refuse
connections or hang (accept and never answer) at will; one test stops and restarts the
real engine process itself. These tests commit for real, so the
on-commit path and the worker run exactly as in production.
"""

import io
import time
from urllib.parse import urlparse

import pytest

from django.core.management import call_command
from django.test import Client

from benchmarks.harness.faultproxy import FaultProxy
from experiences.factories import ExperiencePageFactory
from search.models import IndexOutbox

from . import engines
from .conftest import configure_engine

RECOVERY_DEADLINE = 60  # seconds after the engine returns

# Real commits; serialized_rollback restores what migrations created (locale, root page,
# regions) after each test flushes the database.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(params=["opensearch", "elasticsearch"])
def engine_name(request):
    return request.param


@pytest.fixture
def proxied_engine(engine_name, engine_urls, settings):
    upstream = urlparse(engine_urls(engine_name))
    proxy = FaultProxy(upstream.hostname, upstream.port).start()
    engine = configure_engine(settings, proxy.url, engine_name, RETRY_AFTER=5.0, SEARCH_TIMEOUT=2.0)
    engine.ensure_index()
    yield proxy, engine
    proxy.forward()
    engine.drop()
    proxy.stop()


def api(query):
    return Client().get("/api/search/", {"q": query}).json()


def wait_until_searchable(engine_name, query, expect_found=True):
    """Run the worker until the engine answers the query as expected; seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < RECOVERY_DEADLINE:
        call_command("search_worker", "--once", stdout=io.StringIO(), stderr=io.StringIO())
        data = api(query)
        if data["engine"] == engine_name and (data["total"] > 0) == expect_found:
            return time.monotonic() - started
        time.sleep(0.5)
    pytest.fail(f"“{query}” was not {'found' if expect_found else 'gone'} within {RECOVERY_DEADLINE} s")


def publish_report(experience_index, title):
    started = time.monotonic()
    page = ExperiencePageFactory(parent=experience_index, title=title)
    return page, time.monotonic() - started


def test_publish_while_engine_refuses_is_kept_and_applied_on_return(proxied_engine, engine_name, experience_index):
    proxy, _engine = proxied_engine
    proxy.refuse()
    page, _seconds = publish_report(experience_index, "Digisos i Trondheim")
    assert page.live
    assert IndexOutbox.objects.filter(page_id=page.pk).exists()

    during = api("Digisos")
    assert during["engine"] == "database"  # the fallback answers, and still finds it
    assert [hit["title"] for hit in during["results"]] == ["Digisos i Trondheim"]
    html = Client().get("/search/?q=Digisos").content.decode()
    assert 'data-testid="search-fallback"' in html and "Digisos i Trondheim" in html

    proxy.forward()
    wait_until_searchable(engine_name, "Digisos")
    assert not IndexOutbox.objects.exists()


def test_delete_while_engine_is_down_is_applied_on_return(proxied_engine, engine_name, experience_index):
    proxy, engine = proxied_engine
    page, _seconds = publish_report(experience_index, "Nattkamera i Vänersborg")
    engine.refresh()
    assert api("Nattkamera")["total"] == 1
    proxy.refuse()
    page.delete()
    assert IndexOutbox.objects.filter(page_id=page.pk).exists()
    proxy.forward()
    wait_until_searchable(engine_name, "Nattkamera", expect_found=False)


def test_hanging_engine_neither_blocks_publishing_nor_search(proxied_engine, engine_name, experience_index):
    proxy, _engine = proxied_engine
    proxy.hang()
    durations = [publish_report(experience_index, f"Trygghetslarm {n}")[1] for n in range(4)]
    assert max(durations) < 3.0, durations

    started = time.monotonic()
    first = api("Trygghetslarm")
    assert first["engine"] == "database" and first["total"] == 4
    assert time.monotonic() - started < 3.0
    started = time.monotonic()
    assert api("Trygghetslarm")["engine"] == "database"
    assert time.monotonic() - started < 1.0  # the breaker is open: no second wait on the engine

    proxy.forward()
    wait_until_searchable(engine_name, "Trygghetslarm")


def test_engine_process_stopped_and_restarted(engine_name, engine_urls, settings, experience_index):
    engine = configure_engine(settings, engine_urls(engine_name), engine_name, RETRY_AFTER=2.0, SEARCH_TIMEOUT=2.0)
    engine.ensure_index()
    try:
        engines.stop(engine_name)
        page, seconds = publish_report(experience_index, "Skolskjutsplanering i Kramfors")
        assert seconds < 3.0
        assert api("Skolskjutsplanering")["engine"] == "database"
        engines.start(engine_name)
        wait_until_searchable(engine_name, "Skolskjutsplanering")
        page.delete()
        wait_until_searchable(engine_name, "Skolskjutsplanering", expect_found=False)
    finally:
        engines.start(engine_name)
        engine.drop()
