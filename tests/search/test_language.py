"""Nordic language behaviour of the engine index: folding, inflection, compounds,
cross-language equivalents, typos, names and questions. Run against both real engines;
the database backend's narrower behaviour is covered at the end."""

from django.http import QueryDict

from experiences.factories import ExperiencePageFactory, MunicipalityFactory, NationalSolutionFactory
from search.models import Equivalence
from search.params import parse_search_params
from search.service import run_search


def titles(query):
    response = run_search(parse_search_params(QueryDict(f"q={query}")))
    assert response.engine != "database", "the engine must answer these"
    return [hit.title for hit in response.hits]


def report(index, title, *, language="nb", summary="", body="", **kwargs):
    return ExperiencePageFactory(
        parent=index, title=title, language=language, summary=summary or title, what_we_did=f"<p>{body}</p>", **kwargs
    )


def test_folding_finds_nordic_letters_typed_without_them(engine_backend, experience_index):
    report(experience_index, "Samordnet opptak i Bodø", body="Bodø kommune samordnet opptaket.")
    report(experience_index, "E-tjänster i Härnösand", language="sv", body="Självservice för invånarna i Härnösand.")
    engine_backend.sync()
    assert titles("bodo") == ["Samordnet opptak i Bodø"]
    assert titles("harnosand") == ["E-tjänster i Härnösand"]
    assert titles("sjalvservice") == ["E-tjänster i Härnösand"]


def test_exact_forms_rank_above_folded_ones(engine_backend, experience_index):
    report(experience_index, "Bodo-modellen for innkjøp", body="Bodo er navnet på modellen.")
    report(experience_index, "Digitalt innkjøp i Bodø", body="Bodø kommune kjøper inn digitalt.")
    engine_backend.sync()
    assert titles("Bodø")[0] == "Digitalt innkjøp i Bodø"
    assert titles("Bodo")[0] == "Bodo-modellen for innkjøp"


def test_inflected_forms_find_base_forms(engine_backend, experience_index):
    report(experience_index, "Digital søknad om plass", body="Hver søknad ble behandlet digitalt.")
    report(experience_index, "Raskere vedtak i byggesaker", body="Et vedtak kom på tre dager.")
    engine_backend.sync()
    assert titles("søknadene") == ["Digital søknad om plass"]
    assert titles("vedtakene") == ["Raskere vedtak i byggesaker"]


def test_compounds_are_split(engine_backend, experience_index):
    report(experience_index, "Søknad om sosialhjelp på nett", body="Innbyggere sender søknad om sosialhjelp digitalt.")
    report(experience_index, "Planering av skolskjuts", language="sv", body="Planering av skolskjuts med nytt verktyg.")
    report(experience_index, "Opptak i barnehage", body="Opptak i barnehage skjer nå digitalt.")
    engine_backend.sync()
    assert titles("sosialhjelpssøknad")[0] == "Søknad om sosialhjelp på nett"
    assert titles("skolskjutsplanering")[0] == "Planering av skolskjuts"
    assert titles("barnehageopptaket")[0] == "Opptak i barnehage"


def test_cross_language_equivalents_find_other_languages_below_own_language(engine_backend, experience_index):
    Equivalence.objects.create(terms="byggesøknad:nb, bygglovsansökan:sv, byggeansøgning:da")
    Equivalence.objects.create(terms="søknad:nb, ansökan:sv, ansøgning:da")
    report(experience_index, "Digital byggesøknad i Malvik", body="Byggesøknad sendes digitalt.")
    report(
        experience_index, "Digitala bygglovsansökningar i Sundsvall", language="sv", body="Bygglovsansökan på nätet."
    )
    report(experience_index, "Digital arkivplan", body="Arkivplan for kommunen.")
    engine_backend.sync()
    found = titles("digitala bygglovsansökningar")
    assert found[:2] == ["Digitala bygglovsansökningar i Sundsvall", "Digital byggesøknad i Malvik"]
    assert titles("byggesøknad")[:2] == ["Digital byggesøknad i Malvik", "Digitala bygglovsansökningar i Sundsvall"]


def test_typos_are_rescued_without_drowning_exact_matches(engine_backend, experience_index):
    digipost = NationalSolutionFactory(name="Digipost")
    report(
        experience_index,
        "Digital post til innbyggerne",
        body="Brevene går til Digipost.",
        national_solutions=[digipost],
    )
    report(experience_index, "Digisos for sosialhjelp", body="Digisos brukes for søknader.")
    report(experience_index, "Digital byggesøknad", body="Byggesøknad kommer digitalt.")
    engine_backend.sync()
    assert titles("digipots")[0] == "Digital post til innbyggerne"
    assert titles("byggesøkand")[0] == "Digital byggesøknad"
    assert titles("digisos")[0] == "Digisos for sosialhjelp"


def test_a_typo_beside_a_common_word_is_still_rescued(engine_backend, experience_index):
    # "barnehage" finds four reports, enough not to count as "little found", so only the
    # misspelt word itself can bring in the fuzzy stage that finds the SvarUt report.
    svarut = NationalSolutionFactory(name="SvarUt")
    report(experience_index, "Digital post til innbyggerne", body="Brevene går ut.", national_solutions=[svarut])
    for title in ("Opptak i barnehage", "Barnehage og skole", "Barnehage og helse", "Barnehage og kart"):
        report(experience_index, title, body="Barnehage jobber digitalt.")
    engine_backend.sync()
    found = titles("svraut barnehage")
    assert "Digital post til innbyggerne" in found
    assert len(found) == 5


def test_did_you_mean_when_little_is_found(engine_backend, experience_index):
    report(experience_index, "Velferdsteknologi i hjemmetjenesten", body="Velferdsteknologi gir trygghet.")
    engine_backend.sync()
    response = run_search(parse_search_params(QueryDict("q=velferdsteknolgi")))
    assert response.total >= 1
    assert response.suggestion == "velferdsteknologi"


def test_queries_naming_a_municipality_favour_its_reports(engine_backend, experience_index):
    malvik = MunicipalityFactory(name="Malvik")
    steinkjer = MunicipalityFactory(name="Steinkjer")
    report(experience_index, "SvarUt i Steinkjer", body="Vi lærte mye av Malvik og SvarUt.", municipalities=[steinkjer])
    report(experience_index, "Utsending av brev", body="SvarUt ble tatt i bruk.", municipalities=[malvik])
    engine_backend.sync()
    assert titles("Malvik SvarUt")[0] == "Utsending av brev"


def test_titles_weigh_more_than_bodies(engine_backend, experience_index):
    report(experience_index, "Erfaringer med chatbot", body="Vi testet et verktøy.")
    report(experience_index, "Nytt verktøy på nettsiden", body="En chatbot svarte på spørsmål om chatbot-bruk.")
    engine_backend.sync()
    assert titles("chatbot")[0] == "Erfaringer med chatbot"


def test_natural_questions_work(engine_backend, experience_index):
    report(experience_index, "Digital søknad om barnehageplass", body="Foreldre søker barnehageplass digitalt.")
    report(experience_index, "Hvordan vi organiserte IT-driften", body="Hvordan man drifter servere.")
    report(experience_index, "Kom igång med e-signering", language="sv", body="Så kom vi igång med e-signering.")
    engine_backend.sync()
    assert titles("hvordan søker man om barnehageplass digitalt")[0] == "Digital søknad om barnehageplass"
    assert titles("hur kommer man igång med e-signering")[0] == "Kom igång med e-signering"


def test_database_backend_degrades_but_still_expands_equivalents(settings, experience_index):
    settings.ERFA_SEARCH = {**settings.ERFA_SEARCH, "URLS": []}
    Equivalence.objects.create(terms="byggesøknad:nb, bygglovsansökan:sv")
    report(experience_index, "Digital byggesøknad i Malvik", body="Byggesøknad sendes digitalt.")
    response = run_search(parse_search_params(QueryDict("q=bygglovsansökan")))
    assert response.engine == "database"
    assert [hit.title for hit in response.hits] == ["Digital byggesøknad i Malvik"]
