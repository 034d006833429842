"""Search's in-process copies of reference data answer to Django's cache (search.caches):
clearing it, as every test and a deployment's shared cache do, or an edit's invalidation,
makes every copy reload."""

import pytest

from django.core.cache import cache

from experiences.factories import ExperiencePageFactory, MunicipalityFactory
from experiences.models import Municipality
from search import synonyms
from search.caches import NAMES, VersionedMemo
from search.facets import label_facets
from search.models import Equivalence
from search.names import named_in
from search.suggest import vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture
def malvik():
    municipality = MunicipalityFactory(name="Malvik", slug="malvik")
    cache.clear()
    return municipality


def rename_behind_the_signals(municipality, name):
    Municipality.objects.filter(pk=municipality.pk).update(name=name)


def test_named_municipalities_reload_when_the_cache_is_cleared(malvik):
    assert named_in("svarut i malvik") == (["malvik"], [])
    rename_behind_the_signals(malvik, "Melhus")
    cache.clear()
    assert named_in("svarut i melhus") == (["malvik"], [])


def test_facet_labels_reload_when_the_cache_is_cleared(malvik):
    assert label_facets({"municipality": [("malvik", 1)]})["municipality"][0]["label"] == "Malvik"
    rename_behind_the_signals(malvik, "Melhus")
    cache.clear()
    assert label_facets({"municipality": [("malvik", 1)]})["municipality"][0]["label"] == "Melhus"


def test_suggestion_vocabulary_reloads_when_the_cache_is_cleared(experience_index, malvik):
    ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik", municipalities=[malvik])
    assert ("municipality", "Malvik") in {(kind, name) for kind, name, _url, _folded, _language in vocabulary()}
    rename_behind_the_signals(malvik, "Melhus")
    cache.clear()
    assert ("municipality", "Melhus") in {(kind, name) for kind, name, _url, _folded, _language in vocabulary()}


def test_equivalences_reload_when_the_cache_is_cleared():
    assert "zyxvoo" not in synonyms.expand("qwxtaa")
    Equivalence.objects.bulk_create([Equivalence(terms="qwxtaa:nb, zyxvoo:sv")])  # no signal
    cache.clear()
    assert "zyxvoo" in synonyms.expand("qwxtaa")


def test_an_edit_reloads_the_copies_of_every_process_sharing_the_cache(malvik):
    # Another process: its own copy, the same shared cache.
    other_process = VersionedMemo("names")
    assert other_process.get(lambda: "loaded first") == "loaded first"
    assert other_process.get(lambda: "not reloaded") == "loaded first"
    malvik.name = "Melhus"
    malvik.save()  # the post_save receiver invalidates NAMES
    assert other_process.get(lambda: "reloaded") == "reloaded"
    assert NAMES.key == other_process.key
