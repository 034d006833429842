"""Each request has one id: on the response, and on every log line written while it is served."""

import copy
import importlib
import io
import json
import logging
import logging.config
import sys

import pytest

from django.conf import settings


@pytest.fixture
def production_logging(monkeypatch):
    """The production settings' LOGGING, writing to a buffer; the test settings' restored after."""
    monkeypatch.setenv("SECRET_KEY", "test-only")
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    sys.modules.pop("config.settings.production", None)
    production = importlib.import_module("config.settings.production")
    config = copy.deepcopy(production.LOGGING)
    sys.modules.pop("config.settings.production", None)
    buffer = io.StringIO()
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    yield buffer
    logging.config.dictConfig(settings.LOGGING)


def _lines(buffer):
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


@pytest.mark.django_db
def test_log_lines_are_json_and_carry_the_id_the_response_names(client, production_logging):
    response = client.get("/no-such-page-here/")
    request_id = response["X-Request-ID"]
    lines = _lines(production_logging)
    assert response.status_code == 404
    assert len(request_id) == 32
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found, lines
    assert all(line["request_id"] == request_id for line in not_found)
    assert {"time", "level", "message"} <= set(not_found[0])


@pytest.mark.django_db
def test_a_safe_incoming_request_id_is_kept(client, production_logging):
    response = client.get("/no-such-page-here/", HTTP_X_REQUEST_ID="lb-7f3a.42:1")
    assert response["X-Request-ID"] == "lb-7f3a.42:1"
    assert {line["request_id"] for line in _lines(production_logging) if line["logger"] == "django.request"} == {
        "lb-7f3a.42:1"
    }


@pytest.mark.parametrize("hostile", ['x" level="CRITICAL', "a" * 65, "id with spaces", "naïve"])
def test_an_unsafe_incoming_request_id_is_replaced(client, hostile):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=hostile)
    assert response["X-Request-ID"] != hostile
    assert len(response["X-Request-ID"]) == 32


def test_two_requests_get_two_ids(client):
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]
