"""Settings for the threaded server in test_busy_reads.py: the test settings with the
anonymous page cache on, on the file database the test names in DATABASE_URL."""

from config.settings.test import *  # noqa: F403

ERFA_PAGE_CACHE_SECONDS = 60
