"""Test settings: fast hashing, in-memory mail, media in a temporary folder."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105 - tests never serve real traffic
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="erfa-test-media-")
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Limits would throttle the suite's many searches from 127.0.0.1; tests/security turns them on.
ERFA_RATE_LIMITS_ENABLED = False
# Tests change pages through the ORM between requests; tests/security/test_page_cache.py turns it on.
ERFA_PAGE_CACHE_SECONDS = 0
# The embedding model costs seconds per publish: tests/search/test_hybrid.py turns it on.
ERFA_SEARCH_HYBRID = False
