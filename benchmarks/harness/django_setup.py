"""Django for a benchmark: its own settings on a throwaway database, migrated, with the demo content.

Must run before any model import. ``benchmarks/settings.py`` (a SQLite file in a temporary
folder) serves the in-process benchmarks; ``benchmarks/load/settings.py`` (any DATABASE_URL,
ATOMIC_REQUESTS as in production) the load test. Neither configures an engine: generating
content must not write to the search outbox.
"""

import io
import os
import sys


def setup_django(db_path=None, *, database_url=None):
    """Django on ``db_path`` (benchmarks.settings) or on ``database_url`` (benchmarks.load.settings), migrated."""
    if database_url:
        os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.load.settings"
        os.environ["LOAD_DATABASE_URL"] = database_url
    else:
        os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
        os.environ["ERFA_BENCH_DB"] = str(db_path)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if database_url and connection.vendor == "sqlite":
        # WAL lets readers go on while the editor, the search log and the worker write.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
    call_command("migrate", verbosity=0, interactive=False)


def reference_data_in_place():
    """The site and the reference data (municipalities, networks, topics, national solutions)."""
    from imports import demo

    demo.ensure_site()
    demo.load_reference_data()


def load_demo():
    """The demo content (``manage.py load_demo``); what it writes to stderr is passed on."""
    from django.core.management import call_command

    output, errors = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=output, stderr=errors)
    if errors.getvalue().strip():
        print(f"load_demo reported:\n{errors.getvalue()}", file=sys.stderr)


def versions():
    import django

    import wagtail

    return {"django": django.get_version(), "wagtail": wagtail.__version__}
