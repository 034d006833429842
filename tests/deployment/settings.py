"""Settings for the processes the deployment tests start: the test settings on a shared SQLite file.

The test process copies its (migrated, filled) database to ``DEPLOY_DATABASE_URL``; every
process started there reads and writes that one file, and the cache server named by
REDIS_URL (config/settings/base.py). Limits and the page cache are on, as in production.
"""

import os

import dj_database_url

from config.settings.test import *  # noqa: F403

DATABASES = {"default": dj_database_url.parse(os.environ["DEPLOY_DATABASE_URL"])}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL", "timeout": 20}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["DEPLOY_MAIL_DIR"]
ERFA_RATE_LIMITS_ENABLED = True
ERFA_RATE_LIMITS = {**ERFA_RATE_LIMITS, "search": os.environ.get("SEARCH_RATE_LIMIT", "60/m")}  # noqa: F405
ERFA_PAGE_CACHE_SECONDS = 300
