"""/readyz asks the real engine and measures the index outbox's lag."""

import datetime
import json

import pytest

from django.utils import timezone

from search.models import IndexOutbox

from .conftest import configure_engine

CLOSED_PORT = 9289


@pytest.mark.django_db
def test_readiness_is_200_with_a_reachable_engine(client, settings, engine_urls):
    configure_engine(settings, engine_urls("opensearch"), "opensearch")
    body = json.loads(client.get("/readyz").content)
    assert body["checks"]["engine"]["ok"] is True
    assert body["checks"]["engine"]["configured"] is True
    assert body["ready"] is True


@pytest.mark.django_db
def test_readiness_is_503_when_the_engine_is_down(client, settings):
    configure_engine(settings, f"http://127.0.0.1:{CLOSED_PORT}", "opensearch")
    response = client.get("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["checks"]["engine"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_readiness_is_503_when_a_change_waits_too_long_for_the_index(client, settings, engine_urls):
    configure_engine(settings, engine_urls("opensearch"), "opensearch")
    settings.ERFA_READY_MAX_OUTBOX_LAG = 300
    IndexOutbox.objects.create(page_id=1, reason="publish", created_at=timezone.now() - datetime.timedelta(seconds=60))
    assert client.get("/readyz").status_code == 200
    IndexOutbox.objects.create(page_id=2, reason="publish", created_at=timezone.now() - datetime.timedelta(seconds=900))
    response = client.get("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["checks"]["outbox"]["ok"] is False
    assert body["checks"]["outbox"]["lag_seconds"] >= 900
    assert body["checks"]["engine"]["ok"] is True
