"""Without an engine, a publish never waits for the embedding model (search/background.py)."""

import threading

import numpy as np
import pytest

from experiences.factories import ExperiencePageFactory
from search import background, embeddings
from search.models import Embedding


@pytest.fixture
def recording_model(settings, monkeypatch):
    settings.ERFA_SEARCH_HYBRID = True
    settings.ERFA_SEARCH = {**settings.ERFA_SEARCH, "URLS": []}
    threads = []

    def vectors(texts):
        threads.append(threading.current_thread())
        return np.ones((len(texts), 8), np.float32) / np.sqrt(8)

    monkeypatch.setattr(embeddings, "embed_passages", vectors)
    return threads


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publish_without_engine_embeds_in_the_background_not_in_the_request(recording_model, experience_index):
    # An earlier test's publish may have left this process's thread reconciling: on the shared
    # in-memory SQLite of the tests its reads lock tables this test's writes need.
    background.wait()
    page = ExperiencePageFactory(parent=experience_index, title="Digitale trygghetsalarmer i Steinkjer")
    # Creating the live page committed too, and queued its own embedding: let that finish
    # before the publish writes the same rows.
    background.wait()
    page.save_revision().publish()  # committed: the on-commit hook runs here
    background.wait()

    assert recording_model, "nothing was embedded"
    assert threading.current_thread() not in recording_model
    assert Embedding.objects.filter(page_id=page.pk).exists()


@pytest.mark.parametrize("search_backend", ["opensearch", "elasticsearch"], indirect=True)
def test_a_publish_applied_after_commit_on_an_engine_leaves_the_vectors_to_the_background_thread(
    settings, search_backend, experience_index, monkeypatch
):
    from search import indexing

    settings.ERFA_SEARCH_HYBRID = True
    inline, queued = [], []
    monkeypatch.setattr(embeddings, "sync", lambda documents: inline.append(set(documents)))
    monkeypatch.setattr(background, "schedule", lambda ids: queued.append(set(ids)))
    page = ExperiencePageFactory(parent=experience_index, title="Digital postkasse i Malvik")

    indexing.flush_after_commit()

    assert queued == [{page.pk}]
    assert inline == []
