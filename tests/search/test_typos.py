"""Typos are rescued and corrected on every backend: written once and run against the database
backend, OpenSearch 3 and Elasticsearch 7 (the ``search_backend`` fixture)."""

import pytest

from wagtail.models import PageViewRestriction

from experiences.factories import ExperiencePageFactory, MunicipalityFactory
from search.params import SearchParams
from search.service import run_search

SECRET = "kvitteringsprotokoll"  # only the internal report has this word


def search(query, signed_in=False, **params):
    return run_search(SearchParams(query, include_internal=signed_in, **params))


def titles(query, signed_in=False):
    return [hit.title for hit in search(query, signed_in).hits]


@pytest.fixture
def reports(search_backend, experience_index):
    steinkjer = MunicipalityFactory(name="Steinkjer")
    voss = MunicipalityFactory(name="Voss")
    hemmelvik = MunicipalityFactory(name="Hemmelvik")
    pages = {
        "alarm": ExperiencePageFactory(
            parent=experience_index,
            title="Digitale trygghetsalarmer i Steinkjer",
            summary="Hjemmetjenesten byttet til digitale alarmer.",
            what_worked="<p>Vi installerte trygghetsalarm hos alle brukere og fulgte opp med opplæring.</p>",
            municipalities=[steinkjer],
        ),
        "welfare": ExperiencePageFactory(
            parent=experience_index,
            title="Velferdsteknologi i Voss",
            summary="Kamera om natta for heimebuande.",
            what_worked="<p>Nattilsyn med kamera sparte mange kjøreturer. Alarmen går til nattpatruljen.</p>",
            municipalities=[voss],
        ),
        "internal": ExperiencePageFactory(
            parent=experience_index,
            title="Arkivrutiner i Hemmelvik",
            summary=f"Hver forsendelse får en {SECRET}.",
            what_worked=f"<p>Vi skriver {SECRET} for hver forsendelse.</p>",
            municipalities=[hemmelvik],
        ),
    }
    PageViewRestriction.objects.create(page=pages["internal"], restriction_type=PageViewRestriction.LOGIN)
    search_backend.sync()
    return pages


def test_a_typo_in_a_body_word_is_rescued(reports):
    # "kjøreturer" is only in the body of the Voss report.
    assert titles("kjøreturrer") == ["Velferdsteknologi i Voss"]


def test_a_typo_in_a_title_word_is_rescued(reports):
    assert titles("velferdsteknolgi")[0] == "Velferdsteknologi i Voss"
    assert "Digitale trygghetsalarmer i Steinkjer" not in titles("velferdsteknolgi")


def test_a_typo_inside_a_compound_is_rescued(reports):
    # The engine's decompounder may add the Voss report's "Alarmen"; the alarm report comes first.
    assert titles("trygghetsalrm")[0] == "Digitale trygghetsalarmer i Steinkjer"


def test_a_typo_in_a_municipality_name_is_rescued(reports):
    assert titles("Steinkjr") == ["Digitale trygghetsalarmer i Steinkjer"]


def test_did_you_mean_offers_the_corrected_query(reports):
    assert search("velferdsteknolgi").suggestion == "velferdsteknologi"
    assert search("trygghetsalrm i Steinkjr").suggestion == "trygghetsalarm i Steinkjer"


def test_a_correctly_spelt_rare_word_is_never_corrected(reports):
    # "alarmen" occurs once, one letter from "alarmer" in the Steinkjer report.
    response = search("alarmen")
    assert response.suggestion is None
    assert "Velferdsteknologi i Voss" in [hit.title for hit in response.hits]


def test_anonymous_corrections_never_name_an_internal_reports_word(reports):
    typo = "kvitteringsprotokol"
    anonymous = search(typo)
    assert anonymous.suggestion is None
    assert anonymous.total == 0
    # The same typo is corrected for signed-in readers, so the check above could fail.
    signed_in = search(typo, signed_in=True)
    assert signed_in.suggestion == SECRET
    assert [hit.title for hit in signed_in.hits] == ["Arkivrutiner i Hemmelvik"]


def test_the_same_typo_again_is_one_engine_round_trip_with_the_same_answer(
    engine_backend, experience_index, monkeypatch
):
    alarm = ExperiencePageFactory(
        parent=experience_index,
        title="Digitale trygghetsalarmer i Steinkjer",
        summary="Hjemmetjenesten byttet til digitale alarmer.",
        what_worked="<p>Vi installerte trygghetsalarm hos alle brukere.</p>",
    )
    ExperiencePageFactory(parent=experience_index, title="Velferdsteknologi i Voss", summary="Kamera om natta.")
    engine_backend.sync()
    engine = engine_backend.engine
    round_trips = []
    msearch = engine.msearch

    def counting(bodies, **kwargs):
        round_trips.append(len(bodies))
        return msearch(bodies, **kwargs)

    monkeypatch.setattr(engine, "msearch", counting)
    first = search("trygghetsalrm")
    first_trips = len(round_trips)
    again = search("trygghetsalrm")

    assert first_trips == 2  # the first stage found the typo, the second searched it corrected
    assert len(round_trips) == first_trips + 1
    assert [hit.title for hit in again.hits] == [hit.title for hit in first.hits] == [alarm.title]
    assert (again.total, again.suggestion, again.facets) == (first.total, first.suggestion, first.facets)
