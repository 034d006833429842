"""A rebuild reads the database a fixed number of times, however many pages it indexes.

Building a document used to fetch its topics, tags, municipalities, national solutions and
network one page at a time (about 4.6 queries per document, two thirds of a rebuild at
20 000 reports, benchmarks/README.md). Relations are now fetched per batch, and stored
vectors are written in bulk, so the count of queries must not grow with the pages.
"""

import itertools

import numpy as np
import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from experiences.factories import (
    ExperiencePageFactory,
    MunicipalityFactory,
    NationalSolutionFactory,
    NetworkFactory,
    TopicFactory,
)
from search import embeddings
from search.indexing import rebuild
from search.models import Embedding


@pytest.fixture
def stub_model(settings, monkeypatch):
    # The subject is the database work around the model, not the model: a vector per text.
    settings.ERFA_SEARCH_HYBRID = True

    def vectors(texts):
        rng = np.random.default_rng(len(texts))
        found = rng.normal(size=(len(texts), 8)).astype(np.float32)
        return found / np.linalg.norm(found, axis=1, keepdims=True)

    monkeypatch.setattr(embeddings, "embed_passages", vectors)


NUMBERS = itertools.count()


def reports(parent, count):
    network = NetworkFactory()
    for number in itertools.islice(NUMBERS, count):
        page = ExperiencePageFactory(
            parent=parent,
            title=f"Digital post {number}",
            municipalities=[MunicipalityFactory(), MunicipalityFactory()],
            topics=[TopicFactory(), TopicFactory()],
            national_solutions=[NationalSolutionFactory()],
            network=network,
        )
        page.tags.add("svarut", f"tag {number}")
        page.save_revision().publish()


def counted_rebuild(engine):
    with CaptureQueriesContext(connection) as queries:
        report = rebuild(engine)
    return len(queries), report


def test_rebuild_queries_do_not_grow_with_the_number_of_pages(engine_backend, experience_index, stub_model):
    engine = engine_backend.engine
    reports(experience_index, 3)
    rebuild(engine)  # the first rebuild embeds; the counted ones find every vector stored
    few, first = counted_rebuild(engine)

    reports(experience_index, 6)
    rebuild(engine)
    many, second = counted_rebuild(engine)

    assert second["documents"] == first["documents"] + 6
    assert Embedding.objects.count() == second["documents"]
    assert many == few


def test_first_rebuild_stores_vectors_in_bulk(engine_backend, experience_index, stub_model):
    engine = engine_backend.engine
    reports(experience_index, 3)
    rebuild(engine)  # warm what is cached per process (the site's root paths)
    Embedding.objects.all().delete()
    few, _ = counted_rebuild(engine)

    reports(experience_index, 6)
    Embedding.objects.all().delete()
    many, report = counted_rebuild(engine)

    assert Embedding.objects.count() == report["documents"]
    assert many == few
