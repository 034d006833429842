"""Index maintenance commands against the real engines."""

import io

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from experiences.factories import ExperiencePageFactory
from experiences.models import ExperiencePage
from search.documents import build_document
from search.indexing import rebuild
from search.models import IndexOutbox
from search.params import SearchParams
from search.service import run_search

from .conftest import configure_engine


@pytest.fixture(params=["opensearch", "elasticsearch"])
def engine(request, settings, db, engine_urls):
    engine = configure_engine(settings, engine_urls(request.param), request.param)
    engine.ensure_index()
    yield engine
    engine.drop()


def titles(query):
    return sorted(hit.title for hit in run_search(SearchParams(query, page_size=50)).hits)


def command(name, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_reconcile_finds_and_fixes_drift(engine, experience_index):
    kept = ExperiencePageFactory(parent=experience_index, title="Arkivplan i Sundsvall")
    lost = ExperiencePageFactory(parent=experience_index, title="Chattbot i Trollhättan")
    changed = ExperiencePageFactory(parent=experience_index, title="Trygghetslarm i Kramfors")
    call_command("reconcile_index", stdout=io.StringIO())
    IndexOutbox.objects.all().delete()
    # Drift of every kind, made behind the outbox's back:
    engine.write({lost.pk: None})
    engine.write({"999999": {**build_document(kept), "page_id": 999999, "title": "Spøkelse"}})
    page = changed.get_latest_revision_as_object()
    page.title = "Digitala trygghetslarm i Kramfors"
    page.save_revision().publish()
    IndexOutbox.objects.all().delete()
    engine.refresh()
    assert titles("Chattbot") == [] and titles("Spøkelse") == ["Spøkelse"]

    output = command("reconcile_index")
    engine.refresh()
    assert "1 added, 1 updated, 1 removed" in output
    assert titles("Chattbot") == ["Chattbot i Trollhättan"]
    assert titles("Spøkelse") == []
    assert titles("Kramfors") == ["Digitala trygghetslarm i Kramfors"]
    assert "0 added, 0 updated, 0 removed" in command("reconcile_index")


def test_reindex_swaps_the_alias_while_search_keeps_answering(engine, experience_index):
    for n in range(12):
        ExperiencePageFactory(parent=experience_index, title=f"Velferdsteknologi rapport {n}")
    call_command("reconcile_index", stdout=io.StringIO())
    engine.refresh()
    old_indexes = engine.indexes_behind_alias()
    answers_during_rebuild = []

    def progress(count):
        answers_during_rebuild.append(run_search(SearchParams("velferdsteknologi")).total)

    report = rebuild(engine, progress=progress)
    assert answers_during_rebuild and all(total == 12 for total in answers_during_rebuild)
    assert engine.indexes_behind_alias() == [report["index"]]
    assert report["index"] not in old_indexes
    assert report["documents"] == 12
    assert len(titles("velferdsteknologi")) == 12


def test_reindex_command_shows_progress(engine, experience_index, capsys):
    ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik")
    call_command("reindex")
    captured = capsys.readouterr()
    assert "Reindexing" in captured.err and "1/1" in captured.err
    assert "Indexed 1 documents" in captured.out


def test_worker_applies_pending_changes(engine, experience_index):
    page = ExperiencePageFactory(parent=experience_index, title="Digisos i Trondheim")
    assert IndexOutbox.objects.filter(page_id=page.pk).exists()  # the test transaction never commits
    output = command("search_worker", "--once")
    engine.refresh()
    assert "Search worker started" in output
    assert not IndexOutbox.objects.exists()
    assert titles("Digisos") == ["Digisos i Trondheim"]


def test_worker_on_an_engine_without_the_index_creates_it_before_applying_changes(engine, experience_index):
    # A write to a missing alias would make the engine guess a mapping; the worker must
    # create the real index first, then apply what is pending.
    engine.drop()
    page = ExperiencePageFactory(parent=experience_index, title="Digisos i Trondheim")
    output = command("search_worker", "--once")
    engine.refresh()
    assert "applied 1 pending change(s)" in output
    (index,) = engine.indexes_behind_alias()
    mapping = engine.client.indices.get_mapping(index=index)[index]["mappings"]
    assert mapping["dynamic"] == "strict"
    assert titles("Digisos") == [page.title]


def test_index_commands_need_an_engine(settings, db):
    settings.ERFA_SEARCH = {**settings.ERFA_SEARCH, "URLS": []}
    for name in ("reindex", "reconcile_index", "search_worker"):
        with pytest.raises(CommandError, match="SEARCH_URL"):
            call_command(name)


def test_outbox_is_not_used_without_an_engine(settings, experience_index):
    settings.ERFA_SEARCH = {**settings.ERFA_SEARCH, "URLS": []}
    ExperiencePageFactory(parent=experience_index)
    assert not IndexOutbox.objects.exists()
    assert ExperiencePage.objects.count() == 1


def test_failed_rebuild_leaves_the_old_index_serving_and_no_debris(engine, experience_index):
    from search.engine import EngineError

    ExperiencePageFactory(parent=experience_index, title="Arkivplan i Sundsvall")
    call_command("reconcile_index", stdout=io.StringIO())
    engine.refresh()
    before = engine.indexes_behind_alias()
    with pytest.raises(EngineError):
        engine.rebuild([("1", {"not_a_mapped_field": "refused by the strict mapping"})])
    assert engine.indexes_behind_alias() == before
    existing = engine.client.indices.get(index=f"{engine.alias}_*", ignore_unavailable=True)
    assert sorted(existing) == before
    assert titles("Arkivplan") == ["Arkivplan i Sundsvall"]


def test_a_rebuild_in_chunks_indexes_every_document_and_a_refused_chunk_stops_it(engine, experience_index):
    from search.engine import EngineError

    pages = [ExperiencePageFactory(parent=experience_index, title=f"Arkivplan {n} i Sundsvall") for n in range(5)]
    documents = [(str(page.pk), build_document(page)) for page in pages]
    written = []
    engine.rebuild(documents, chunk_size=2, progress=written.append)
    engine.refresh()
    assert written == [2, 2, 1]
    assert sorted(titles("Arkivplan")) == sorted(page.title for page in pages)

    before = engine.indexes_behind_alias()
    refused = [*documents[:3], ("x", {"not_a_mapped_field": "refused"}), *documents[3:]]
    with pytest.raises(EngineError):
        engine.rebuild(refused, chunk_size=2)
    assert engine.indexes_behind_alias() == before
    assert sorted(engine.client.indices.get(index=f"{engine.alias}_*", ignore_unavailable=True)) == before


def test_prepare_index_builds_a_missing_or_empty_index_and_leaves_a_current_one(engine, experience_index):
    ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik")
    IndexOutbox.objects.all().delete()
    assert engine.index_state() == "empty"
    assert "Built the" in command("prepare_index")
    (built,) = engine.indexes_behind_alias()
    assert engine.index_state() == "current"

    assert "is current" in command("prepare_index")
    assert engine.indexes_behind_alias() == [built]  # a second `make run` keeps the index
    engine.drop()
    assert engine.index_state() == "missing"
    command("prepare_index")
    assert titles("SvarUt") == ["SvarUt i Malvik"]


def test_prepare_index_rebuilds_an_index_made_with_another_mapping(engine, experience_index, monkeypatch):
    ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik")
    command("prepare_index")
    (old,) = engine.indexes_behind_alias()
    # What a release that changes an analyzer or a field looks like to an existing index.
    monkeypatch.setattr("search.engine.schema_version", lambda: "a-newer-schema")
    monkeypatch.setattr("search.mapping.schema_version", lambda: "a-newer-schema")
    assert engine.index_state() == "outdated"
    assert "outdated before" in command("prepare_index")
    (new,) = engine.indexes_behind_alias()
    assert new != old
    assert engine.index_state() == "current"
