"""Busy moments on the embedded default (SQLite): readers never get a 500.

A real threaded server (``manage.py runserver``) on a file database, because an in-memory
test database shares one connection between threads and never locks. 32 clients at once
read one uncached experience report and follow search results (``/search/go/...``); the
view counter and the click log write on every one of those reads.
"""

import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from django.conf import settings
from django.db import connection

from experiences.factories import ExperiencePageFactory
from search.insight_models import SearchLog

CLIENTS = 32
ROUNDS = 4
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port, path):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        client.request("GET", path, headers={"User-Agent": BROWSER})
        response = client.getresponse()
        response.read()
        return response.status, response.getheader("X-Erfa-Page-Cache")
    finally:
        client.close()


@pytest.fixture
def report(experience_index):
    return ExperiencePageFactory(parent=experience_index, title="Digital postkasse i Malvik")


@pytest.fixture
def logs(db):
    return [
        SearchLog.objects.create(query=f"postkasse {n}", ui_language="nb", results=1, engine="database")
        for n in range(CLIENTS)
    ]


@pytest.fixture
def server(tmp_path, report, logs):
    """Starts the threaded server on a copy of the test database; yields its port and file."""
    database = tmp_path / "busy.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    port = _free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "tests.security.busy_server_settings",
    }
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 - closed after the server stops
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _attempt in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail((tmp_path / "server.log").read_text())
                time.sleep(0.1)
        yield port, database
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_busy_readers_and_clickers_never_get_a_500_and_the_page_is_kept(report, logs, server):
    port, database = server
    start = threading.Barrier(CLIENTS)

    def reader(number):
        start.wait()
        answers = []
        for _round in range(ROUNDS):
            answers.append(_get(port, report.url))
            answers.append(_get(port, f"/search/go/{logs[number].pk}/{report.pk}/1/"))
        return answers

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = [answer for answers in pool.map(reader, range(CLIENTS)) for answer in answers]

    statuses = Counter(status for status, _cache in answers)
    assert set(statuses) == {200, 302}, statuses
    assert _get(port, report.url) == (200, "hit")
    reads = sum(1 for status, _cache in answers if status == 200) + 1
    with sqlite3.connect(database) as db:
        (viewed,) = db.execute("SELECT coalesce(sum(count), 0) FROM dashboard_pageviewcount").fetchone()
        (clicked,) = db.execute("SELECT count(*) FROM erfa_search_searchclick").fetchone()
    assert viewed == reads
    assert clicked == CLIENTS
