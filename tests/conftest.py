import pytest

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from experiences.factories import ExperienceIndexPageFactory
from home.factories import make_site
from wiki.factories import ThemeIndexPageFactory, WikiIndexPageFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    # Views cache what every reader shares (filter options, rate-limit counters); a test's
    # rolled-back pages must not show up in the next test through it.
    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request leaves its language active in the thread, and page.url and reverse() carry
    # that language's prefix: each test starts from the default, as each server request does.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def home(db):
    return make_site()


@pytest.fixture
def experience_index(home):
    return ExperienceIndexPageFactory(parent=home)


@pytest.fixture
def wiki_index(home):
    return WikiIndexPageFactory(parent=home)


@pytest.fixture
def theme_index(home):
    return ThemeIndexPageFactory(parent=home)


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("reader", email="reader@example.org", password="pw-reader-123")


@pytest.fixture
def english(client):
    """Ask for the English UI, so assertions can name English strings."""
    client.cookies["erfa_language"] = "en"
    return client
