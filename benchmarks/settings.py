"""Settings for the benchmarks: the test settings, a throwaway SQLite file, no engine.

``bench_index.py`` sets ``ERFA_BENCH_DB`` to a file in a temporary folder before Django
starts, so a benchmark never touches ``db.sqlite3`` or pytest-django's test database.
The engine is configured at runtime, after the content has been generated.
"""

import os
import tempfile
from pathlib import Path

from config.settings.test import *  # noqa: F403

BENCH_DB = os.environ.get("ERFA_BENCH_DB") or str(Path(tempfile.mkdtemp(prefix="erfa-bench-")) / "bench.sqlite3")

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BENCH_DB,
        # Long enough for a commit to wait out the search worker's lock, as in production.
        "OPTIONS": {"timeout": 20},
    }
}
# Generation must not write to the outbox: no engine until bench_index.py configures one.
ERFA_SEARCH = {**ERFA_SEARCH, "URLS": []}  # noqa: F405
