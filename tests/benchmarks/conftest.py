"""The OpenSearch the benchmark smoke tests run against: the test suite's (tests/search/engines.py).

Each benchmark runs in a subprocess and is given this engine's state folder and port, so it
reuses the engine and leaves it running; the fixture stops it at the end only if it started it.
Under CI=true an engine that cannot start fails the test instead of skipping it.
"""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.search import engines

# The search smoke can use an engine of its own (a state folder where it runs on TEST_OPENSEARCH_PORT).
SEARCH_SMOKE_STATE_DIR = Path(os.environ.get("BENCH_SEARCH_SMOKE_STATE_DIR") or engines.STATE_DIR)


def _opensearch(state_dir):
    already = engines.is_running("opensearch", state_dir)
    url = engines.start("opensearch", state_dir)  # pytest.fail under CI=true, skip with the reason locally
    port = int(url.rsplit(":", 1)[1])
    # Options that make a benchmark reuse this engine and leave it running.
    options = ["--state-dir", state_dir, "--ports", f"opensearch={port}", "--no-progress"]
    yield SimpleNamespace(url=url, port=port, state_dir=Path(state_dir), options=options)
    if not already:
        engines.stop("opensearch", state_dir)


@pytest.fixture(scope="session")
def suite_opensearch():
    yield from _opensearch(engines.STATE_DIR)


@pytest.fixture(scope="session")
def search_smoke_opensearch():
    yield from _opensearch(SEARCH_SMOKE_STATE_DIR)
