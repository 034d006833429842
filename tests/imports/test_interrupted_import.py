"""An import killed part-way and run again ends with every related link the file names.

The import runs in its own process on a SQLite file, and that process is killed with
SIGKILL after a given number of lines: no exception handler, ``finally`` or end-of-file
step runs, as when a server is stopped or the person importing closes the terminal.
"""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from django.db import connection

from .records import experience, write_jsonl

ROOT = Path(__file__).resolve().parents[2]
# Runs the real command; the test double only decides where the process dies.
KILL_AFTER_LINES = """
import os, signal, sys
import django
django.setup()
from django.core.management import call_command
from imports.importing import ContentImporter
limit, calls, original = int(sys.argv[2]), [], ContentImporter.import_record
def import_record(self, record):
    calls.append(record["external_id"])
    if len(calls) > limit:
        os.kill(os.getpid(), signal.SIGKILL)
    return original(self, record)
ContentImporter.import_record = import_record
call_command("import_content", sys.argv[1], "--no-progress")
"""
REPORTS = ["r1", "r2", "r3", "r4", "r5", "r6"]
# Each report names the next one (later in the file) and the one before (earlier).
RELATED = {
    name: [
        other for other in (REPORTS[n + 1] if n + 1 < len(REPORTS) else None, REPORTS[n - 1] if n else None) if other
    ]
    for n, name in enumerate(REPORTS)
}
LINKS = """
    SELECT page.external_id, target.external_id
    FROM experiences_relatedexperience link
    JOIN experiences_experiencepage page ON page.page_ptr_id = link.page_id
    JOIN experiences_experiencepage target ON target.page_ptr_id = link.related_page_id
"""


@pytest.fixture
def database_file(db, tmp_path):
    """A copy of the migrated test database that other processes can open."""
    path = tmp_path / "erfa.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return path


def manage(database_file, *args, check=True):
    env = {key: value for key, value in os.environ.items() if key != "SEARCH_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=f"sqlite:///{database_file}")
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=check
    )


def links(database_file):
    with sqlite3.connect(database_file) as db:
        found = {}
        for page, target in db.execute(LINKS):
            found.setdefault(page, set()).add(target)
        return found


@pytest.mark.parametrize("rerun", [[], ["--create-only"]], ids=["update", "create-only"])
def test_rerun_after_a_killed_import_completes_every_related_link(database_file, tmp_path, rerun):
    path = write_jsonl(tmp_path / "reports.jsonl", *(experience(name, related=RELATED[name]) for name in REPORTS))
    manage(database_file, "manage.py", "setup_site")

    killed = manage(database_file, "-c", KILL_AFTER_LINES, str(path), "3", check=False)

    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # Killed after three lines: those are in, the links to later reports are not.
    assert links(database_file) == {"r2": {"r1"}, "r3": {"r2"}}

    finished = manage(database_file, "manage.py", "import_content", str(path), "--no-progress", *rerun)

    assert finished.returncode == 0, finished.stderr
    assert links(database_file) == {name: set(targets) for name, targets in RELATED.items()}, finished.stderr
    with sqlite3.connect(database_file) as db:
        live = db.execute(
            "SELECT count(*) FROM wagtailcore_page JOIN experiences_experiencepage ON page_ptr_id = id WHERE live"
        ).fetchone()[0]
    assert live == len(REPORTS)
