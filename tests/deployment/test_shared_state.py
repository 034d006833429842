"""Two gunicorn servers on one cache server and one database behave as one site.

Each server runs one worker process on its own port, so every request goes to a known
process: what one process changes or counts, the other must see on its very next request.
With each process's own memory cache (no REDIS_URL) all three tests fail.
"""

import json
import re
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from experiences.factories import ExperiencePageFactory

from .conftest import SERVER_PORTS, get

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEARCH_LIMIT = 6


@pytest.fixture
def servers(deployment):
    """Two gunicorn servers, one worker each, started side by side."""
    deployment.copy_database()
    with ThreadPoolExecutor(2) as pool:
        urls = list(
            pool.map(lambda port: deployment.gunicorn(port, SEARCH_RATE_LIMIT=f"{SEARCH_LIMIT}/m"), SERVER_PORTS)
        )
    yield urls


def _signed_in(django_user_model):
    user = django_user_model.objects.create_superuser("ops", "ops@example.org", "pw-ops-123456")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _title(body):
    return re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", body, re.S).group(1)


def test_a_publish_through_one_server_reaches_the_cached_page_in_both(
    deployment, experience_index, django_user_model, request
):
    report = ExperiencePageFactory(parent=experience_index, title="Kvernfjell før")
    report.title = "Kvernfjell etter"
    report.save_revision()
    session_key = _signed_in(django_user_model)
    first, second = request.getfixturevalue("servers")
    path = report.url

    status, body, headers = get(first + path)
    assert (status, _title(body), headers["X-Erfa-Page-Cache"]) == (200, "Kvernfjell før", "miss")
    assert get(first + path)[2]["X-Erfa-Page-Cache"] == "hit"
    # Rendered by the first process, served from the shared cache by the second.
    status, body, headers = get(second + path)
    assert (status, _title(body), headers["X-Erfa-Page-Cache"]) == (200, "Kvernfjell før", "hit")

    editor = requests.Session()
    editor.cookies.set("sessionid", session_key)
    publish = f"{first}/admin/bulk/wagtailcore/page/publish/?id={report.pk}"
    form = editor.get(publish, timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    done = editor.post(
        publish, data={"csrfmiddlewaretoken": token}, headers={"Referer": publish}, timeout=60, allow_redirects=False
    )
    assert done.status_code == 302, deployment.logs()

    for server in (second, first):
        status, body, _headers = get(server + path)
        assert (status, _title(body)) == (200, "Kvernfjell etter"), server


def test_a_rate_limit_counts_requests_to_both_servers(deployment, home, request):
    first, second = request.getfixturevalue("servers")
    statuses = [get(f"{(first, second)[n % 2]}/api/search/?q=svarut")[0] for n in range(SEARCH_LIMIT + 2)]
    assert statuses == [200] * SEARCH_LIMIT + [429, 429], deployment.logs()


def test_a_new_equivalent_term_saved_through_one_server_is_used_by_the_other_at_once(
    deployment, experience_index, django_user_model, request
):
    ExperiencePageFactory(parent=experience_index, title="Kvernfjell", summary="Om kvernfjellmodellen.")
    session_key = _signed_in(django_user_model)
    first, second = request.getfixturevalue("servers")

    def found(server, word):
        status, body, _headers = get(f"{server}/api/search/?{urllib.parse.urlencode({'q': word})}")
        assert status == 200, body
        return [hit["title"] for hit in json.loads(body)["results"]]

    # Both processes load the equivalences, and keep them in memory.
    assert found(first, "zyltrop") == []
    assert found(second, "zyltrop") == []

    editor = requests.Session()
    editor.cookies.set("sessionid", session_key)
    add = f"{first}/admin/snippets/erfa_search/equivalence/add/"
    form = editor.get(add, timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    saved = editor.post(
        add,
        data={"csrfmiddlewaretoken": token, "terms": "zyltrop, kvernfjell"},
        headers={"Referer": add},
        timeout=60,
        allow_redirects=False,
    )
    assert saved.status_code == 302, deployment.logs()
    assert deployment.query("select terms from erfa_search_equivalence where terms like 'zyltrop%'")

    assert found(second, "zyltrop") == ["Kvernfjell"]
    assert found(first, "zyltrop") == ["Kvernfjell"]
