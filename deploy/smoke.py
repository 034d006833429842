"""`make prod-smoke`: the stack of docs/deploy.md on loopback, used as staff would use it, then stopped.

PostgreSQL and Redis from Debian's packages, OpenSearch from Maven Central, NAV's
mock-oauth2-server as the municipality's identity provider, gunicorn with two workers on the
production settings, and the background worker. The smoke publishes, searches, signs in through
OIDC, backs the database up and restores it into a fresh one, then stops everything it started,
also when a step fails. Exit status 0 only when every step passed.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.harness import BenchmarkError  # noqa: E402
from benchmarks.harness.engines import cluster_nodes, start_cluster_node, stop_cluster_node  # noqa: E402
from benchmarks.harness.server import Process, app_environment, collectstatic, free_port  # noqa: E402
from benchmarks.load.postgres import PostgresCluster  # noqa: E402

ENGINE = "opensearch"
SMOKE_TITLE = "Prod-smoke: digital postkasse i Malvik"
# The identity provider's issuers and claims: the same ones the sign-in tests use.
OIDC_CONFIG = "tests.accounts.oidc_server"


class SmokeFailure(Exception):
    pass


class Stack:
    """Everything the smoke starts, stopped in reverse order by ``stop()``."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.stoppers = []

    def started(self, stop):
        self.stoppers.append(stop)

    def stop(self):
        for stop in reversed(self.stoppers):
            try:
                stop()
            except Exception as error:  # noqa: BLE001 - keep stopping the rest
                print(f"  (could not stop cleanly: {error})")
        self.stoppers.clear()


def manage(env, *args, timeout=600, input_text=None):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input_text,
        check=False,
    )
    if result.returncode != 0:
        raise SmokeFailure(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def start_redis(stack):
    binary = shutil.which("redis-server")
    if not binary:
        raise SmokeFailure("redis-server is missing: `make redis` installs Debian's redis-server")
    port = free_port()
    process = Process(
        "redis",
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(stack.folder),
        ],
        os.environ.copy(),
        stack.folder,
    )
    stack.started(process.stop)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        probe = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True, check=False)  # noqa: S603, S607
        if probe.stdout.strip() == "PONG":
            return f"redis://127.0.0.1:{port}/0"
        time.sleep(0.2)
    raise SmokeFailure(f"redis-server did not answer:\n{process.tail()}")


def start_engine_cluster(stack):
    """Two OpenSearch nodes on loopback, each shard with a replica on the other node."""
    nodes = cluster_nodes(ENGINE, [free_port(), free_port()], [free_port(), free_port()], stack.folder / "engine")
    urls = []
    for node in nodes:
        stack.started(lambda node=node: stop_cluster_node(node, ENGINE))
        urls.append(start_cluster_node(node))
    return ",".join(urls)


def start_identity_provider(stack):
    import importlib

    config = stack.folder / "oidc.json"
    config.write_text(json.dumps(importlib.import_module(OIDC_CONFIG).CONFIG))
    port = free_port()
    state = stack.folder / "oidc"
    script = ROOT / "oidc" / "server.sh"
    result = subprocess.run(  # noqa: S603
        [str(script), "start", "--port", str(port), "--config", str(config), "--state", str(state)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    stop = [str(script), "stop", "--state", str(state)]
    stack.started(lambda: subprocess.run(stop, capture_output=True, check=False))  # noqa: S603
    if result.returncode != 0:
        raise SmokeFailure(f"the identity provider did not start:\n{result.stderr[-2000:]}")
    return f"http://127.0.0.1:{port}"


def start_gunicorn(stack, env, port, workers=2):
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers),
        "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--graceful-timeout", "10",
    ]  # fmt: skip
    process = Process("gunicorn", command, env, stack.folder)
    stack.started(process.stop)
    wait_until(lambda: http(port, "/").status_code == 200, 120, lambda: process.tail())
    return process


def start_worker(stack, env):
    process = Process("worker", [sys.executable, "manage.py", "worker"], env, stack.folder)
    stack.started(process.stop)
    return process


def http(port, path, cookies=None, **kwargs):
    """A request as the TLS-terminating proxy forwards it: plain HTTP on loopback, marked as HTTPS.

    The session cookie is Secure in production, so cookies are carried by hand rather than by a
    client that would (rightly) not send them over plain HTTP.
    """
    import requests

    headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    try:
        response = requests.get(
            f"http://127.0.0.1:{port}{path}", headers=headers, allow_redirects=False, timeout=30, **kwargs
        )
    except requests.RequestException as error:
        return _Failed(error)
    if cookies is not None:
        cookies.update({cookie.name: cookie.value for cookie in response.cookies})
    return response


class _Failed:
    status_code = 0

    def __init__(self, error):
        self.error = error
        self.text = str(error)


def wait_until(condition, timeout, explain=lambda: ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:  # noqa: BLE001, S110 - not yet: try again until the deadline
            pass
        time.sleep(0.5)
    raise SmokeFailure(f"gave up after {timeout} s\n{explain()}")


def search_titles(port, query):
    response = http(port, "/api/search/?" + urllib.parse.urlencode({"q": query}))
    if response.status_code != 200:
        raise SmokeFailure(f"/api/search/ answered {response.status_code}: {response.text[:500]}")
    return [result["title"] for result in response.json()["results"]]


PUBLISH = f"""
from experiences.models import ExperienceIndexPage, ExperiencePage, Municipality
index = ExperienceIndexPage.objects.live().first()
summary = "Røyktest av publisering: innbyggerne får brev i digital postkasse."
page = ExperiencePage(title={SMOKE_TITLE!r}, summary=summary)
index.add_child(instance=page)
page.municipalities.add(Municipality.objects.get(name="Malvik"))
page.save_revision().publish()
print(page.pk)
"""

COUNT_PAGES = "from wagtail.models import Page; print(Page.objects.live().count())"


def sign_in_through_provider(port):
    """Entra ID sign-in as a Sundsvall employee: Erfa → provider → Erfa's callback; the admin then answers."""
    import requests

    cookies = {}
    start = http(port, "/accounts/oidc/entra/login/", cookies)
    if start.status_code != 302:
        raise SmokeFailure(f"sign-in did not redirect to the provider: {start.status_code} {start.text[:300]}")
    provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=30)
    callback = urllib.parse.urlsplit(provider.headers.get("Location", ""))
    if provider.status_code != 302 or callback.path != "/accounts/oidc/callback/":
        raise SmokeFailure(f"the provider did not send the user back: {provider.status_code} {provider.text[:300]}")
    done = http(port, f"{callback.path}?{callback.query}", cookies)
    if done.status_code != 302 or "login" in done.headers.get("Location", ""):
        raise SmokeFailure(f"the callback refused the sign-in: {done.status_code} {done.headers.get('Location')}")
    admin = http(port, "/admin/", cookies)
    if admin.status_code != 200:
        raise SmokeFailure(f"the signed-in employee cannot open the admin: {admin.status_code}")


def backup_and_restore(cluster, env):
    """pg_dump of the live database, restored into a fresh one that then serves the same pages."""
    dump = cluster.folder / "erfa.dump"
    as_user, bin_dir = cluster.as_user, cluster.bin
    connection = ["-h", "127.0.0.1", "-p", str(cluster.port), "-U", "erfa"]
    steps = (
        [str(bin_dir / "pg_dump"), *connection, "-Fc", "-f", str(dump), "erfa"],
        [str(bin_dir / "createdb"), *connection, "erfa_restored"],
        [str(bin_dir / "pg_restore"), *connection, "--no-owner", "-d", "erfa_restored", str(dump)],
    )
    for command in steps:
        result = subprocess.run([*as_user, *command], capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
        if result.returncode != 0:
            raise SmokeFailure(f"{Path(command[0]).name} failed:\n{result.stderr[-2000:]}")
    restored = {**env, "DATABASE_URL": cluster.url.rsplit("/", 1)[0] + "/erfa_restored"}
    before = manage(env, "shell", "--no-imports", "-c", COUNT_PAGES).strip()
    after = manage(restored, "shell", "--no-imports", "-c", COUNT_PAGES).strip()
    if before != after:
        raise SmokeFailure(f"the restored database has {after} live pages, the original {before}")
    # The index can always be rebuilt from the database: do it from the restored copy.
    manage({**restored, "SEARCH_INDEX": "erfa_smoke_restored_"}, "reindex", "-v", "0")
    return int(after)


def run(keep=False):
    folder = Path(tempfile.mkdtemp(prefix="erfa-prod-smoke-"))
    folder.chmod(0o755)  # PostgreSQL runs as its own user and must reach its data folder
    stack = Stack(folder)
    timings = []

    def step(name, action):
        started = time.monotonic()
        print(f"prod-smoke: {name} …", flush=True)
        value = action()
        timings.append((name, time.monotonic() - started))
        return value

    try:
        cluster = step("PostgreSQL", lambda: PostgresCluster(folder / "pg", None, durable=False).start())
        stack.started(cluster.stop)
        redis_url = step("Redis", lambda: start_redis(stack))
        engine_url = step("OpenSearch, two nodes", lambda: start_engine_cluster(stack))
        oidc_url = step("identity provider", lambda: start_identity_provider(stack))
        port = free_port()
        providers = {
            "entra": {
                "KIND": "entra",
                "ISSUER": f"{oidc_url}/entra",
                "CLIENT_ID": "erfa-entra",
                "CLIENT_SECRET": "secret",
                "ORGANISATIONS": {"5f3c1e0a-sundsvall-tenant": "sundsvall"},
                "ROLES": {"Erfa.Contributor": "Contributors"},
            }
        }
        env = app_environment(
            cluster.url,
            folder,
            search={"url": engine_url, "engine": "opensearch3", "prefix": "erfa_smoke_"},
            REDIS_URL=redis_url,
            CACHE_URL=redis_url,
            BASE_URL=f"http://127.0.0.1:{port}",
            OIDC_PROVIDERS_JSON=json.dumps(providers),
            SEARCH_REPLICAS=1,
            # The smoke polls search from one address; the shared cache counts across both workers.
            SEARCH_RATE_LIMIT="600/m",
            SEARCH_HYBRID=os.environ.get("SMOKE_HYBRID", "1"),
        )
        step("migrate", lambda: manage(env, "migrate", "-v", "0"))
        step("demo content", lambda: manage(env, "load_demo", "-v", "0"))
        step("index", lambda: manage(env, "reindex", "-v", "0"))
        step("static files", lambda: collectstatic(env))
        step("gunicorn, two workers", lambda: start_gunicorn(stack, env, port))
        step("background worker", lambda: start_worker(stack, env))

        def readers():
            for path in ("/healthz", "/readyz", "/", "/sv/", "/erfaringer/", "/api/v2/pages/?limit=5"):
                response = http(port, path)
                if response.status_code != 200:
                    raise SmokeFailure(f"{path} answered {response.status_code}")
            if not search_titles(port, "SvarUt"):
                raise SmokeFailure("a search for SvarUt found nothing")

        step("readers' pages and search", readers)

        def cluster_green():
            import requests

            first = engine_url.split(",")[0]
            health = requests.get(
                f"{first}/_cluster/health", params={"wait_for_status": "green", "timeout": "120s"}, timeout=150
            ).json()
            if health.get("status") != "green" or health.get("number_of_data_nodes") != 2:
                raise SmokeFailure(f"the engine cluster is not green on two data nodes: {health}")

        step("engine cluster green, every shard with a replica", cluster_green)

        def publish_and_find():
            manage(env, "shell", "--no-imports", "-c", PUBLISH)
            wait_until(lambda: SMOKE_TITLE in search_titles(port, "røyktest"), 60)

        step("publish, then find it (worker applies the outbox)", publish_and_find)
        step("sign-in through the identity provider", lambda: sign_in_through_provider(port))
        pages = step("backup and restore into a fresh database", lambda: backup_and_restore(cluster, env))
        print(f"prod-smoke: passed ({pages} live pages restored)")
        for name, seconds in timings:
            print(f"  {seconds:6.1f} s  {name}")
        return 0
    except (SmokeFailure, BenchmarkError) as failure:
        print(f"prod-smoke: FAILED: {failure}", file=sys.stderr)
        for log in sorted(folder.glob("*.log")):
            print(
                f"--- {log.name} (tail)\n" + "\n".join(log.read_text(errors="replace").splitlines()[-20:]),
                file=sys.stderr,
            )
        return 1
    finally:
        stack.stop()
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv=None):
    # A CI timeout or Ctrl-C still stops everything the smoke started (the finally in run()).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (logs, dump) afterwards")
    args = parser.parse_args(argv)
    return run(keep=args.keep)


if __name__ == "__main__":
    sys.exit(main())
