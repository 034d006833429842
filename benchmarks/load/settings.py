"""Settings for preparing a load-test database: the test settings on LOAD_DATABASE_URL, no engine.

run_load.py fills the database (migrate, demo content, generated reports) with these settings,
then serves it with ``config.settings.production`` in gunicorn. Generation must not write to
the outbox, so no engine is configured here; the driver builds the engine index itself.
"""

import os

import dj_database_url

from config.settings.test import *  # noqa: F403

DATABASES = {"default": dj_database_url.parse(os.environ["LOAD_DATABASE_URL"])}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
ERFA_SEARCH = {**ERFA_SEARCH, "URLS": []}  # noqa: F405
