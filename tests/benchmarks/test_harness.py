"""The benchmark harness's own rules, without engines or servers: fast, and no benchmark run."""

import argparse
import json
import random
import subprocess
import sys
from types import SimpleNamespace

import pytest

from benchmarks import textgen
from benchmarks.harness import cli, report
from benchmarks.harness.server import app_environment
from benchmarks.search_warmup import timeout_environment
from tests.benchmarks.runner import ROOT


def test_the_served_app_runs_with_the_search_timeouts_the_benchmark_was_given(tmp_path):
    args = SimpleNamespace(search_timeout=7.5, write_timeout=3.5)
    env = app_environment(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path, **timeout_environment(args))
    read = "import django; django.setup(); from django.conf import settings; print(json.dumps(settings.ERFA_SEARCH))"
    served = subprocess.run(
        [sys.executable, "-c", f"import json; {read}"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    settings = json.loads(served.stdout)
    assert (settings["SEARCH_TIMEOUT"], settings["WRITE_TIMEOUT"]) == (7.5, 3.5)


def test_the_served_app_ignores_the_callers_search_and_database_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCH_URL", "http://127.0.0.1:9200")
    monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere/erfa")
    monkeypatch.setenv("PAGE_CACHE_DIR", "/tmp/someone-elses-cache")
    env = app_environment("sqlite:///bench.sqlite3", tmp_path)
    assert env["DATABASE_URL"] == "sqlite:///bench.sqlite3"
    assert "SEARCH_URL" not in env and "PAGE_CACHE_DIR" not in env
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"


def test_engine_ports_default_per_benchmark_and_yield_to_the_ports_option():
    args = cli.parse_with_engines(argparse.ArgumentParser(), ["--ports", "opensearch=9999"], "relevance")
    assert args.port_map == {"opensearch": 9999, "elasticsearch": 9281}
    assert args.state_dir.endswith(".engines/relevance")


@pytest.mark.parametrize("ports", ["solr=9200", "opensearch=high"])
def test_an_unknown_engine_or_port_in_the_ports_option_is_refused(ports, capsys):
    with pytest.raises(SystemExit):
        cli.parse_with_engines(argparse.ArgumentParser(), ["--ports", ports], "bench")
    assert f"not “{ports}”" in capsys.readouterr().err


def test_every_result_names_its_machine_commit_date_and_command_line():
    header = report.header("erfa-test")
    assert header["benchmark"] == "erfa-test" and header["date"]
    assert header["machine"]["cpu_count"] >= 1 and header["machine"]["memory_gb"] > 0
    assert len(header["source"]["commit"]) >= 7
    assert "pytest" in header["command"]


class Row(SimpleNamespace):
    """A stand-in for a reference-data model instance (hashable, as instances are)."""

    __hash__ = object.__hash__


def test_generated_reports_come_in_all_five_languages_and_repeat_with_the_seed():
    municipalities = [Row(pk=n, country="NO" if n % 2 else "SE", name=f"K{n}") for n in range(1, 9)]
    topics = [Row(pk=1, slug="digital-post")]
    reference = {"municipalities": municipalities, "topics": topics, "national_solutions": [], "networks": []}

    def languages(seed):
        writer = textgen.MixedLanguageWriter(random.Random(seed), **reference)
        return [writer.report()["fields"]["language"] for _ in range(400)]

    drawn = languages(1)
    assert set(drawn) == {"nb", "nn", "sv", "da", "en"}
    assert drawn == languages(1) != languages(2)
