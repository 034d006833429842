"""Settings for the server the browser tests drive: the test settings plus a file database and
media folder shared between the set-up commands and the server, and a route that fails on purpose
so the real 500 handler can be checked in the browser."""

import os

from config.settings.test import *  # noqa: F403

ROOT_URLCONF = "e2e.urls"
MEDIA_ROOT = os.environ["E2E_MEDIA_ROOT"]
