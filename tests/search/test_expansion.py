"""Which cross-language equivalents a query is expanded with, over the seeded equivalence list.

Inflected forms and compound parts expand; a longer word that merely starts like a term,
a part found inside another known word and the phrase the reader typed do not.
"""

import pytest

from search import synonyms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_groups():
    synonyms.invalidate()
    yield
    synonyms.invalidate()


def test_inflected_forms_expand_to_their_group():
    assert {"ansökan", "ansøgning", "application"} <= set(synonyms.expand("søknadene"))
    assert {"hemtjänst", "home care"} <= set(synonyms.expand("hjemmetjenesten"))


def test_compound_parts_expand_to_the_groups_of_both_parts():
    expanded = set(synonyms.expand("sosialhjelpssøknad"))
    assert {"ekonomiskt bistånd", "social assistance"} <= expanded
    assert {"ansökan", "application"} <= expanded
    assert {"ansökan", "ansøgning"} <= set(synonyms.expand("byggeansøgning"))


def test_a_compound_is_not_taken_for_an_inflected_form_of_its_first_part():
    # "arkiv-system" starts like "arkivar" (archivist), "publisering" like "public".
    assert "archivist" not in synonyms.expand("arkivsystem")
    assert "offentlig" not in synonyms.expand("publisering")


def test_a_part_inside_a_longer_known_word_does_not_expand():
    # "sökning" (search) sits inside "bygglovs|ansökningar", "tjeneste" inside "hjemmetjeneste".
    expanded = synonyms.expand("bygglovsansökningar")
    assert "search" not in expanded and "sökning" not in expanded
    assert {"byggesøknad", "building permit", "søknad"} <= set(expanded)
    assert "services" not in synonyms.expand("hjemmetjenesten")


def test_the_typed_phrase_is_not_offered_back_as_its_own_equivalent():
    expanded = synonyms.expand("sak- og arkivsystem")
    assert "sak- og arkivsystem" not in expanded
    assert {"ärendehanteringssystem", "case management system"} <= set(expanded)
