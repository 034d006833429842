"""Only engines tested here are accepted; Elasticsearch 8/9 and unknown values are refused at start-up."""

import pytest

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from search.engine import EngineConfig


def with_engine(settings, engine):
    settings.ERFA_SEARCH = {**settings.ERFA_SEARCH, "ENGINE": engine, "URLS": ["http://127.0.0.1:9"]}


@pytest.mark.parametrize("engine", ["elasticsearch8", "elasticsearch9", "opensearch2", "solr"])
def test_unsupported_engine_fails_the_system_check_naming_what_is_supported(settings, engine):
    with_engine(settings, engine)
    errors = [message for message in checks.run_checks() if message.id == "erfa_search.E001"]
    assert len(errors) == 1
    assert engine in errors[0].msg
    assert "Supported: opensearch3, elasticsearch7" in errors[0].msg


def test_elasticsearch_8_refusal_says_why(settings):
    with_engine(settings, "elasticsearch8")
    with pytest.raises(ImproperlyConfigured, match="Elasticsearch 8 and 9 are not tested here"):
        EngineConfig.from_settings()


@pytest.mark.parametrize("engine", ["opensearch3", "elasticsearch7"])
def test_tested_engines_pass_the_system_check(settings, engine):
    with_engine(settings, engine)
    assert not [message for message in checks.run_checks() if message.id == "erfa_search.E001"]
    assert EngineConfig.from_settings().engine == engine
