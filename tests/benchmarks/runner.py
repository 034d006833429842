"""Running a benchmark script for a smoke test, as `make bench-*` and `make load` do.

A benchmark runs in a subprocess: it sets up Django with its own settings and a throwaway
database, which must not meet pytest-django's test database.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_benchmark(script, args, out, timeout):
    """Run ``script`` with ``args``; (the finished run, the JSON it wrote to ``out``)."""
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "SEARCH_URL")}
    command = [sys.executable, str(script), *map(str, args), "--out", str(out)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # SIGTERM, not SIGKILL: the benchmark then stops the servers and engines it started itself.
        process.terminate()
        stdout, stderr = process.communicate(timeout=120)
        pytest.fail(f"{Path(script).name} took over {timeout} s:\n{stdout}\n{stderr[-4000:]}")
    run = SimpleNamespace(returncode=process.returncode, stdout=stdout, stderr=stderr)
    run.output = f"{stdout}\n{stderr[-4000:]}"
    assert Path(out).exists(), f"no results (exit {run.returncode}):\n{run.output}"
    return run, json.loads(Path(out).read_text())
