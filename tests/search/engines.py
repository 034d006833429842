"""Real search engines for the test suite, started through engines/engine.sh.

Tests use their own ports and state folder so a developer's `make engine` on 9200 is
never disturbed. Under CI=true an engine that cannot start fails the run.
"""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE_SCRIPT = ROOT / "engines" / "engine.sh"
# Overridable so two checkouts can run their suites side by side without stopping each other's engines.
STATE_DIR = Path(os.environ.get("TEST_ENGINES_STATE_DIR", ROOT / ".engines" / "test"))
PORTS = {
    "opensearch": int(os.environ.get("TEST_OPENSEARCH_PORT", "9250")),
    "elasticsearch": int(os.environ.get("TEST_ELASTICSEARCH_PORT", "9251")),
}
BACKEND_SETTING = {"opensearch": "opensearch3", "elasticsearch": "elasticsearch7"}
START_TIMEOUT = 300


def _engine_sh(*args):
    env = {**os.environ, "ENGINES_STATE_DIR": str(STATE_DIR)}
    return subprocess.run(
        ["bash", str(ENGINE_SCRIPT), *args], env=env, capture_output=True, text=True, timeout=START_TIMEOUT
    )


def is_running(name):
    return _engine_sh("url", name).returncode == 0


def start(name):
    result = _engine_sh("start", name, "--port", str(PORTS[name]))
    if result.returncode != 0:
        message = f"{name} could not start:\n{result.stdout}\n{result.stderr}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(f"{message}\n(Under CI=true this is a failure, not a skip.)")
    return f"http://127.0.0.1:{PORTS[name]}"


def stop(name):
    _engine_sh("stop", name)
