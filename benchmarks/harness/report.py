"""What a result was measured on and how: machine, CPU, memory, commit, date, command line; and writing it.

Every benchmark's JSON starts from :func:`header`, so any two results can be told apart by the
machine and the code they measured.
"""

import datetime
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.harness.engines import ROOT

# The folders whose uncommitted edits change what a benchmark measures.
CODE_FOLDERS = ("search", "experiences", "core", "imports", "config")


def now():
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def machine_info():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        memory_gb = round(int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1]) / 1024**2, 1)
    except (OSError, StopIteration, ValueError):
        memory_gb = None
    return {
        "hostname": platform.node(),
        "cpu_model": model,
        "cpu_count": os.cpu_count(),
        "memory_gb": memory_gb,
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def _git(*args):
    git = shutil.which("git")
    if not git:
        return None
    try:
        return subprocess.run(  # noqa: S603 - fixed arguments
            [git, *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def source_state():
    """The commit measured and the files that differed from it (others may be editing the tree)."""
    commit = _git("rev-parse", "--short", "HEAD")
    status = _git("status", "--porcelain", "--", *CODE_FOLDERS)
    if commit is None or status is None:
        return None
    return {"commit": commit.strip(), "modified": [line[3:] for line in status.splitlines() if line.strip()]}


def command_line():
    return shlex.join([Path(sys.executable).name, *sys.argv])


def header(benchmark, *, date_key="date"):
    """The opening keys of a benchmark's JSON."""
    return {
        "benchmark": benchmark,
        date_key: now(),
        "machine": machine_info(),
        "python": platform.python_version(),
        "source": source_state(),
        "command": command_line(),
    }


def load_average():
    return [round(value, 2) for value in os.getloadavg()]


def write_json(out, results):
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def publish(out, results, markdown):
    """Write ``results`` to ``out`` as JSON and print ``markdown`` (the README's tables)."""
    out = write_json(out, results)
    print(markdown)
    print(f"\nResults written to {out}")
    return out
