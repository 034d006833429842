"""Settings for the server the browser tests drive: the test settings plus a file database and
media folder shared between the set-up commands and the server, and a route that fails on purpose
so the real 500 handler can be checked in the browser."""

import os

from config.settings.test import *  # noqa: F403

ROOT_URLCONF = "e2e.urls"
MEDIA_ROOT = os.environ["E2E_MEDIA_ROOT"]
# Journeys sign in and search many times from 127.0.0.1; the test settings' choice, said here too
# so an environment variable cannot turn the limits on under the browser suite.
ERFA_RATE_LIMITS_ENABLED = False
# runserver answers in threads and every request is a transaction: on SQLite, take the write
# lock when the transaction begins (a deferred one that later writes fails at once with
# "database is locked" while another request writes) and wait for it rather than fail.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 30, "transaction_mode": "IMMEDIATE"})  # noqa: F405
