"""Engine processes through engines/engine.sh: the one Python wrapper around it.

The benchmarks and the test suite's engine fixtures (tests/search/engines.py) both start, find
and stop engines here, each in its own state folder and on its own ports, so a developer's
`make engine` on 9200 is never disturbed. Standard library only: the tests import it before
Django is set up.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import BenchmarkError

ROOT = Path(__file__).resolve().parents[2]
ENGINE_SCRIPT = ROOT / "engines" / "engine.sh"
ENGINES = ("opensearch", "elasticsearch")
# SEARCH_ENGINE for each engine, as config/settings read it.
BACKEND_SETTING = {"opensearch": "opensearch3", "elasticsearch": "elasticsearch7"}
START_TIMEOUT = 900  # engine.sh start may build the launcher first
# Each benchmark's engines run in a state folder (.engines/<name>) and on ports of their own, so
# no run stops another's engines; the test suite's are .engines/test on 9250/9251.
PORTS = {
    "bench": {"opensearch": 9270, "elasticsearch": 9271},
    "relevance": {"opensearch": 9280, "elasticsearch": 9281},
    "bench-search": {"opensearch": 9290, "elasticsearch": 9291},
    "load": {"opensearch": 9360},
}


def state_dir(benchmark):
    return ROOT / ".engines" / benchmark


class EngineStartError(BenchmarkError):
    """engine.sh could not start an engine; the message carries its output."""


def engine_sh(state_dir, *args, timeout=60):
    """Run engine.sh with ``ENGINES_STATE_DIR=state_dir``; the completed process, never raising on exit code."""
    env = {**os.environ, "ENGINES_STATE_DIR": str(state_dir)}
    command = [shutil.which("bash") or "/bin/bash", str(ENGINE_SCRIPT), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603


def running_url(name, state_dir):
    """The URL of ``name`` running in ``state_dir``, or None."""
    result = engine_sh(state_dir, "url", name)
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else None


def start_engine(name, port, state_dir, *, timeout=START_TIMEOUT):
    """Start ``name`` on 127.0.0.1:``port`` (engine.sh leaves one already running alone); its URL."""
    result = engine_sh(state_dir, "start", name, "--port", str(port), timeout=timeout)
    if result.returncode != 0:
        raise EngineStartError(f"{name} could not start:\n{result.stdout}\n{result.stderr}")
    return f"http://127.0.0.1:{port}"


def ensure_engine(name, port, state_dir, *, timeout=START_TIMEOUT):
    """(url, started_here): reuse an engine running in ``state_dir``, else start one on ``port``."""
    url = running_url(name, state_dir)
    if url:
        return url, False
    print(f"Starting {name} on 127.0.0.1:{port} (state in {state_dir}) …", file=sys.stderr, flush=True)
    return start_engine(name, port, state_dir, timeout=timeout), True


def stop_engine(name, state_dir):
    engine_sh(state_dir, "stop", name, timeout=120)


def engine_memory(name, state_dir):
    """RSS and peak RSS (MB) of the engine process, from the pid file engine.sh keeps."""
    try:
        pid = int((Path(state_dir) / f"{name}.pid").read_text().split()[0])
        status = Path(f"/proc/{pid}/status").read_text()
    except (OSError, ValueError, IndexError):
        return {"pid": None, "rss_mb": None, "peak_rss_mb": None}
    values = {}
    for line in status.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return {"pid": pid, "rss_mb": values.get("VmRSS"), "peak_rss_mb": values.get("VmHWM")}


def cluster_nodes(name, http_ports, transport_ports, state_dir, *, cluster="erfa-cluster"):
    """``[(state folder, engine.sh start arguments)]`` for each node of a loopback cluster.

    The first node is the only cluster manager and holds data; the others hold data only. Two
    cluster-manager-eligible nodes cannot elect a manager with one of them down (a majority of two
    is two), so a two-node cluster that must survive a node's loss keeps the manager role on one.
    """
    seeds = ",".join(f"127.0.0.1:{port}" for port in transport_ports)
    names = [f"{name}-node{number}" for number in range(1, len(http_ports) + 1)]
    manager_role = "cluster_manager" if name == "opensearch" else "master"
    nodes = []
    for number, (http_port, transport_port) in enumerate(zip(http_ports, transport_ports, strict=True)):
        roles = [manager_role, "data", "ingest"] if number == 0 else ["data", "ingest"]
        args = [
            "start", name, "--port", str(http_port), "--cluster", cluster, "--node-name", names[number],
            "--transport-port", str(transport_port), "--seed-hosts", seeds, "--cluster-managers", names[0],
            "--roles", ",".join(roles),
        ]  # fmt: skip
        nodes.append((Path(state_dir) / f"node{number + 1}", args))
    return nodes


def start_cluster_node(node, *, timeout=START_TIMEOUT):
    """Start one node from ``cluster_nodes`` (engine.sh waits until the cluster answers yellow or green)."""
    node_state, args = node
    result = engine_sh(node_state, *args, timeout=timeout)
    if result.returncode != 0:
        raise EngineStartError(f"cluster node in {node_state} could not start:\n{result.stdout}\n{result.stderr}")
    return f"http://127.0.0.1:{args[args.index('--port') + 1]}"


def stop_cluster_node(node, name="opensearch"):
    stop_engine(name, node[0])
