import pytest

from django.test import override_settings

from security.ratelimit import Rate, client_key, hit, parse_rate

LIMITS = {"search": "3/m", "suggest": "5/m"}


@pytest.fixture
def limited(settings):
    settings.ERFA_RATE_LIMITS_ENABLED = True
    settings.ERFA_RATE_LIMITS = LIMITS


def test_rates_parse_from_the_environment_format():
    assert parse_rate("60/m") == Rate(60, 60)
    assert parse_rate(" 300 / m ") == Rate(300, 60)
    assert parse_rate("10/5s") == Rate(10, 5)
    assert parse_rate("1000/h") == Rate(1000, 3600)
    assert parse_rate("off") is None
    assert parse_rate("") is None
    with pytest.raises(ValueError, match="60/m"):
        parse_rate("sixty per minute")


def test_search_api_answers_429_with_retry_after_beyond_the_limit(client, home, limited):
    for _ in range(3):
        assert client.get("/api/search/", {"q": "svarut"}).status_code == 200
    response = client.get("/api/search/", {"q": "svarut"})
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert str(response.json()["retry_after"]) in response.json()["error"]
    assert response.json()["retry_after"] == int(response["Retry-After"])


def test_search_page_and_api_share_one_budget_and_the_page_answers_in_html(client, home, limited):
    client.cookies["erfa_language"] = "en"
    assert client.get("/search/", {"q": "a"}).status_code == 200
    assert client.get("/api/search/", {"q": "a"}).status_code == 200
    assert client.get("/search/", {"q": "a"}).status_code == 200
    response = client.get("/search/", {"q": "a"})
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "Retry-After" in response
    assert "Too many requests from your address" in response.content.decode()
    assert response.headers["Content-Security-Policy"]


def test_suggestions_have_their_own_larger_budget(client, home, limited):
    for _ in range(3):
        client.get("/api/search/", {"q": "a"})
    assert client.get("/api/search/", {"q": "a"}).status_code == 429
    for _ in range(5):
        assert client.get("/api/search/suggest/", {"q": "sva"}).status_code == 200
    assert client.get("/api/search/suggest/", {"q": "sva"}).status_code == 429


def test_limits_are_per_client_address(client, home, limited):
    for _ in range(3):
        client.get("/api/search/", {"q": "a"}, REMOTE_ADDR="192.0.2.10")
    assert client.get("/api/search/", {"q": "a"}, REMOTE_ADDR="192.0.2.10").status_code == 429
    assert client.get("/api/search/", {"q": "a"}, REMOTE_ADDR="192.0.2.11").status_code == 200


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(client, home, limited):
    for index in range(3):
        client.get("/api/search/", {"q": "a"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{index}")
    # Without a trusted proxy, a forged header does not buy a fresh budget.
    assert client.get("/api/search/", {"q": "a"}, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


@override_settings(ERFA_TRUSTED_PROXY_DEPTH=1)
def test_behind_one_trusted_proxy_the_client_is_the_last_forwarded_address(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7")
    # The first entry is whatever the client claimed; only the proxy's own entry counts.
    assert client_key(request) == "198.51.100.7"


@override_settings(ERFA_TRUSTED_PROXY_DEPTH=2)
def test_behind_two_trusted_proxies_the_client_is_the_second_last_address(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7, 10.0.0.2")
    assert client_key(request) == "198.51.100.7"


def test_ipv6_clients_are_counted_per_slash_64(rf):
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert client_key(one) == client_key(other) == "2001:db8:1:2::/64"


def test_window_slides_so_the_next_window_does_not_reset_the_budget(db):
    rate = Rate(10, 60)
    for second in range(10):
        assert hit("t", "client", rate, now=6000 + second) == 0
    assert hit("t", "client", rate, now=6030) > 0
    # Just into the next window most of the previous one still counts: room for one, not eleven.
    assert hit("t", "client", rate, now=6061) == 0
    assert hit("t", "client", rate, now=6061) > 0
    # Halfway through it, half of the previous ten have slid out (5 + 1 counted, room for 4).
    allowed = sum(1 for _ in range(10) if hit("t", "client", rate, now=6090) == 0)
    assert allowed == 4


def test_rate_limits_can_be_switched_off(client, home, settings):
    settings.ERFA_RATE_LIMITS_ENABLED = True
    settings.ERFA_RATE_LIMITS = {"search": "off", "suggest": "off"}
    for _ in range(10):
        assert client.get("/api/search/", {"q": "a"}).status_code == 200


def test_other_pages_are_not_limited(client, home, limited):
    for _ in range(10):
        assert client.get("/").status_code == 200


def test_following_search_results_is_rate_limited_per_address(client, settings, experience_index):
    from experiences.factories import ExperiencePageFactory
    from search.insight_models import SearchClick, SearchLog

    settings.ERFA_RATE_LIMITS_ENABLED = True
    settings.ERFA_RATE_LIMITS = {**LIMITS, "click": "3/m"}
    page = ExperiencePageFactory(parent=experience_index)
    logs = [SearchLog.objects.create(query="svarut", ui_language="nb", results=1, engine="database") for _ in range(4)]
    browser = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0"
    answers = [client.get(f"/search/go/{log.pk}/{page.pk}/1/", HTTP_USER_AGENT=browser).status_code for log in logs]
    assert answers == [302, 302, 302, 429]
    assert SearchClick.objects.count() == 3
