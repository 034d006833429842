import pytest

from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_counters():
    """Request counters and sign-in failures live in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()
