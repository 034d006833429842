"""Real search engines for the test suite, started through engines/engine.sh (benchmarks/harness/engines.py).

Tests use their own ports and state folder so a developer's `make engine` on 9200 is
never disturbed. Under CI=true an engine that cannot start fails the run.
"""

import os
from pathlib import Path

import pytest

from benchmarks.harness import engines as control

ROOT = Path(__file__).resolve().parents[2]
# Overridable so two checkouts can run their suites side by side without stopping each other's engines.
STATE_DIR = Path(os.environ.get("TEST_ENGINES_STATE_DIR", ROOT / ".engines" / "test"))
PORTS = {
    "opensearch": int(os.environ.get("TEST_OPENSEARCH_PORT", "9250")),
    "elasticsearch": int(os.environ.get("TEST_ELASTICSEARCH_PORT", "9251")),
}
BACKEND_SETTING = control.BACKEND_SETTING
START_TIMEOUT = 300


def is_running(name, state_dir=STATE_DIR):
    return control.running_url(name, state_dir) is not None


def start(name, state_dir=STATE_DIR):
    try:
        return control.start_engine(name, PORTS[name], state_dir, timeout=START_TIMEOUT)
    except control.EngineStartError as error:
        unavailable(error)


def stop(name, state_dir=STATE_DIR):
    control.stop_engine(name, state_dir)


def unavailable(error):
    """An engine the suite needs could not start: a failure under CI=true, else a skip with the reason."""
    message = str(error)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(f"{message}\n(Under CI=true this is a failure, not a skip.)")
