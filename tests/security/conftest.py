import pytest

from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_counters():
    """Request counters and sign-in failures live in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


# The role fixtures (a user per role, two municipalities) of the permission tests.
from tests.accounts.conftest import municipality_a, municipality_b, users  # noqa: E402, F401
