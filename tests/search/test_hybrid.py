"""Hybrid search: lexical matches fused with pages found by meaning, on every backend.

Runs the real embedding model (search/embeddings.py) on a handful of short reports; the
model loads once per test session.
"""

import pytest

from wagtail.models import PageViewRestriction

from experiences.factories import ExperiencePageFactory, MunicipalityFactory, NationalSolutionFactory
from search import embeddings
from search import hybrid as hybrid_module
from search.indexing import reconcile_embeddings
from search.models import Embedding
from search.params import SearchParams
from search.related import related_experiences
from search.service import run_search

PARAPHRASE_SV = "hur slipper vi dubbelregistrering i ekonomisystemet"


@pytest.fixture
def hybrid(settings):
    settings.ERFA_SEARCH_HYBRID = True


def report(parent, title, summary, language="nb", municipality=None, **fields):
    return ExperiencePageFactory(
        parent=parent,
        title=title,
        summary=summary,
        language=language,
        background="",
        what_we_did="",
        municipalities=[municipality or MunicipalityFactory()],
        **fields,
    )


@pytest.fixture
def reports(hybrid, search_backend, experience_index):
    pages = {
        "rpa": report(
            experience_index,
            "RPA i Malvik: slutt på manuell dobbeltføring",
            "En programvarerobot flytter fakturaer fra e-posten inn i regnskapssystemet.",
        ),
        "alarm": report(
            experience_index,
            "Digitale trygghetsalarmer i Steinkjer",
            "Steinkjer byttet analoge trygghetsalarmer hos eldre mot digitale alarmer.",
        ),
        "building": report(
            experience_index,
            "Digital byggesøknad i Trondheim",
            "Byggesøknader kommer digitalt rett inn i saksbehandlingen.",
        ),
        "mail_sv": report(
            experience_index,
            "Digital post via Mina meddelanden i Strömstad",
            "Strömstad skickar beslut och brev till invånarnas digitala brevlåda via Mina meddelanden.",
            language="sv",
        ),
    }
    search_backend.sync()
    return pages


def search(query, signed_in=False, **params):
    return run_search(SearchParams(query, include_internal=signed_in, **params))


def test_swedish_paraphrase_finds_the_norwegian_report_that_names_the_solution(reports):
    response = search(PARAPHRASE_SV)

    assert response.hits[0].title == reports["rpa"].title


def test_unchanged_text_is_not_embedded_again(hybrid, db, experience_index, monkeypatch):
    page = report(experience_index, "Digitale trygghetsalarmer i Steinkjer", "Analoge alarmer ble digitale.")
    embedded = []
    original = embeddings.embed_passages

    def counting(texts):
        embedded.extend(texts)
        return original(texts)

    monkeypatch.setattr(embeddings, "embed_passages", counting)
    reconcile_embeddings()
    assert len(embedded) == 1

    page.save_revision().publish()  # a new version, the same text
    reconcile_embeddings()
    assert len(embedded) == 1

    page.summary = "Analoge alarmer ble digitale, og mottaket ble felles."
    page.save_revision().publish()
    reconcile_embeddings()
    assert len(embedded) == 2


def test_internal_report_never_reaches_anonymous_results_through_meaning(reports, search_backend):
    secret = reports["rpa"]
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    search_backend.sync()

    anonymous = search(PARAPHRASE_SV)
    signed_in = search(PARAPHRASE_SV, signed_in=True)

    assert secret.title not in [hit.title for hit in anonymous.hits]
    assert anonymous.total == len(anonymous.hits)
    assert sum(bucket["count"] for bucket in anonymous.facets.get("type", [])) == anonymous.total
    assert signed_in.hits[0].title == secret.title


@pytest.mark.parametrize("window", [1, 3])
def test_total_and_facets_count_exactly_the_results_reachable_by_paging(reports, monkeypatch, window):
    # Every report is near enough: the two nearest join the lexical matches.
    monkeypatch.setattr(hybrid_module, "MIN_SIMILARITY", 0.0)
    monkeypatch.setattr(hybrid_module, "DENSE_LIMIT", 2)
    # A fusion window of one lexical hit: later pages come from the lexical order after it.
    # Of three: the window reaches past the shown page, whose hits alone come whole.
    monkeypatch.setattr(hybrid_module, "WINDOW", window)
    first = search("digital Steinkjer", page_size=1)
    seen = []
    for page in range(1, first.total + 2):
        seen += [hit.title for hit in search("digital Steinkjer", page_size=1, page=page).hits]

    assert first.total >= 3
    assert len(seen) == len(set(seen)) == first.total
    municipalities = {bucket["value"]: bucket["count"] for bucket in first.facets["municipality"]}
    assert sum(municipalities.values()) == first.total
    # A filter holds for pages found by meaning as for the others.
    alarm_place = reports["alarm"].municipalities.get().slug
    filtered = search("Steinkjer", filters={"municipality": [alarm_place]})
    assert [hit.title for hit in filtered.hits] == [reports["alarm"].title]
    assert filtered.total == 1


def test_a_report_not_yet_embedded_keeps_its_lexical_rank(reports, search_backend, monkeypatch):
    # Published a moment ago: the background thread or the worker has not embedded it yet.
    monkeypatch.setattr(hybrid_module, "MIN_SIMILARITY", 0.0)
    for town in ("Levanger", "Orkland", "Verdal"):
        report(reports["alarm"].get_parent(), f"Trygghetsalarmer i {town}", f"{town} tok i bruk digitale alarmer.")
    new = report(
        reports["alarm"].get_parent(),
        "Digitale trygghetsalarmer i Frosta",
        "Frosta byttet analoge trygghetsalarmer mot digitale.",
    )
    search_backend.sync()
    Embedding.objects.filter(page_id=new.pk).delete()
    embeddings.MATRIX.invalidate()

    response = search("digitale trygghetsalarmer Frosta")

    assert response.hits[0].title == new.title


def test_a_long_query_is_answered_by_the_engine_with_meaning_fused_in(reports, search_backend):
    response = search("innbyggerne får svar på enkle spørsmål om fakturaer og alarmer hele døgnet på nettsiden")

    assert not response.fallback
    assert response.engine == search_backend.name


def test_similar_reports_cross_languages(hybrid, search_backend, experience_index):
    malvik = report(
        experience_index,
        "SvarUt i Malvik",
        "Malvik sender vedtak og brev digitalt til innbyggernes digitale postkasse med SvarUt.",
    )
    for town in ("Steinkjer", "Levanger", "Evenes", "Orkland"):
        report(
            experience_index,
            f"SvarUt i {town}",
            f"{town} sender utgående post digitalt med SvarUt fra sak/arkiv.",
        )
    stromstad = report(
        experience_index,
        "Digital post via Mina meddelanden i Strömstad",
        "Strömstad skickar beslut och brev till invånarnas digitala brevlåda via Mina meddelanden.",
        language="sv",
    )
    search_backend.sync()

    assert stromstad in related_experiences(malvik, limit=4)


def test_similar_reports_prefer_the_other_country_report_that_uses_a_counterpart_national_solution(
    hybrid, settings, db, experience_index
):
    # The database backend: on the engines, more-like-this still ranks the signing report's
    # shared Norwegian words first in this made-up case (see benchmarks/README.md).
    settings.ERFA_SEARCH = {**settings.ERFA_SEARCH, "URLS": []}
    svarut = NationalSolutionFactory(
        name="SvarUt",
        country="NO",
        description="Sender brev fra kommunens fagsystemer til mottakerens digitale postkasse.",
    )
    mina = NationalSolutionFactory(
        name="Mina meddelanden",
        country="SE",
        description="Statlig infrastruktur som lar kommuner sende digital post til innbyggernes postkasser.",
    )
    bankid = NationalSolutionFactory(
        name="BankID (Sverige)",
        country="SE",
        description="De svenske bankenes e-legitimasjon, brukt til innlogging og signering.",
    )
    malvik = report(
        experience_index,
        "SvarUt i Malvik",
        "Malvik sender vedtak og brev digitalt til innbyggerne og sparer porto og utskrift.",
        national_solutions=[svarut],
    )
    for town in ("Steinkjer", "Levanger", "Evenes", "Orkland"):
        report(
            experience_index,
            f"SvarUt i {town}",
            f"{town} sender utgående post digitalt med SvarUt.",
            national_solutions=[svarut],
        )
    stromstad = report(
        experience_index,
        "Mina meddelanden i Strömstad",
        "Strömstad skickar fakturor till invånarnas digitala brevlådor.",
        language="sv",
        national_solutions=[mina],
    )
    # Nearer to Malvik's text than Strömstad's is, but about signing, with an e-ID.
    signing = report(
        experience_index,
        "E-underskrift i Malvik och Fyrbodal",
        "Kommunerna skickar vedtak och brev digitalt till invånarna och sparar porto och utskrift.",
        language="sv",
        national_solutions=[bankid],
    )
    reconcile_embeddings()

    similar = related_experiences(malvik, limit=4)

    assert stromstad in similar
    assert signing not in similar
