"""/healthz and /readyz: liveness without dependencies, readiness of each dependency."""

import json

import pytest

CLOSED_PORT = 9289  # nothing listens here (tests' port range 9280-9289)
DEAD_REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0",
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
}


def test_liveness_answers_ok_without_asking_anything(client, settings):
    # No database here (pytest-django refuses any query without the db fixture) and no cache.
    settings.CACHES = {"default": DEAD_REDIS, "pages": DEAD_REDIS}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_is_200_with_each_check_when_everything_answers(client):
    response = client.get("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["ready"] is True
    assert {"database", "cache", "engine", "outbox"} <= set(body["checks"])
    assert all(check["ok"] for check in body["checks"].values())
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_is_503_when_the_cache_server_is_down(client, settings):
    settings.CACHES = {"default": settings.CACHES["default"], "pages": DEAD_REDIS}
    response = client.get("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["ready"] is False
    assert body["checks"]["cache"] == {"ok": False, "error": "ConnectionError", "ms": body["checks"]["cache"]["ms"]}
    assert body["checks"]["database"]["ok"] is True
