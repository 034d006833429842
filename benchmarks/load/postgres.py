"""A throwaway PostgreSQL cluster for the load test (``--db postgres``), from Debian's postgresql binaries."""

import os
import shutil
import subprocess
from pathlib import Path

from benchmarks.harness import BenchmarkError
from benchmarks.harness.server import free_port


class PostgresCluster:
    """A throwaway cluster in ``.load/pg`` on 127.0.0.1, from Debian's postgresql binaries."""

    def __init__(self, folder, port, *, durable=True):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not bins:
            raise BenchmarkError("PostgreSQL is not installed: run `make postgresql` (Debian's postgresql)")
        self.bin = bins[-1].parent
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = port or free_port()
        # initdb refuses to run as root; the package's own postgres user owns the cluster then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.url = f"postgres://erfa@127.0.0.1:{self.port}/erfa"
        # A smoke run's data is thrown away: waiting for the disk on every commit only slows it.
        self.durability = "" if durable else " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"

    def _run(self, *command, timeout=120):
        result = subprocess.run(  # noqa: S603
            [*self.as_user, *command], capture_output=True, text=True, timeout=timeout, check=False
        )
        if result.returncode != 0:
            raise BenchmarkError(f"{' '.join(command[:2])} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def start(self):
        if self.folder.exists():
            self.stop_quietly()
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True)
        if self.as_user:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "erfa", "--auth=trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")  # fmt: skip
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
            "-c max_connections=100 -c shared_buffers=128MB" + self.durability
        )
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")  # fmt: skip
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "erfa", "erfa")
        return self

    def restart(self):
        # With -l the new server's output goes to the log, not to the pipe this process waits on.
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-m", "fast", "-w", "-t", "60", "restart")  # fmt: skip

    def stop_quietly(self):
        if (self.data / "postmaster.pid").exists():
            subprocess.run(  # noqa: S603
                [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                capture_output=True,
                timeout=120,
                check=False,
            )

    def stop(self):
        self.stop_quietly()
        shutil.rmtree(self.folder, ignore_errors=True)
