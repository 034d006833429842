"""Facets, filters, highlighting, sorting, suggestions and related reports, per backend."""

import pytest

from django.http import QueryDict
from django.utils import translation

from wagtail.models import PageViewRestriction

from experiences.factories import (
    ExperiencePageFactory,
    MunicipalityFactory,
    NationalSolutionFactory,
    NetworkFactory,
    RegionFactory,
    TopicFactory,
    published_on,
)
from experiences.models import Topic
from search.params import parse_search_params
from search.related import related_experiences
from search.service import run_search
from search.suggest import invalidate_vocabulary
from wiki.factories import GuidePageFactory


def search(query_string):
    return run_search(parse_search_params(QueryDict(query_string)))


def bucket_counts(response, facet):
    return {bucket["value"]: bucket["count"] for bucket in response.facets.get(facet, [])}


@pytest.fixture
def corpus(search_backend, experience_index, wiki_index):
    trondelag = RegionFactory(name="Trøndelag", country="NO")
    vasternorrland = RegionFactory(name="Västernorrlands län", country="SE")
    malvik = MunicipalityFactory(name="Malvik", region=trondelag)
    steinkjer = MunicipalityFactory(name="Steinkjer", region=trondelag)
    sundsvall = MunicipalityFactory(name="Sundsvall", region=vasternorrland)
    digut = NetworkFactory(name="DiguT")
    post = TopicFactory(name="Digital post")
    welfare = TopicFactory(name="Velferdsteknologi")
    svarut = NationalSolutionFactory(name="SvarUt")
    pages = {
        "malvik": ExperiencePageFactory(
            parent=experience_index,
            title="SvarUt i Malvik",
            summary="Malvik sendte brev digitalt med SvarUt fra første dag.",
            municipalities=[malvik],
            network=digut,
            topics=[post],
            national_solutions=[svarut],
            tags=["utsending"],
            first_published_at=published_on(2016),
        ),
        "steinkjer": ExperiencePageFactory(
            parent=experience_index,
            title="SvarUt og SvarInn i Steinkjer",
            summary="Steinkjer koblet SvarUt til sak/arkiv.",
            municipalities=[steinkjer],
            network=digut,
            topics=[post],
            national_solutions=[svarut],
            first_published_at=published_on(2019),
        ),
        "sundsvall": ExperiencePageFactory(
            parent=experience_index,
            title="Digital brevlåda i Sundsvall",
            summary="Sundsvall skickar brev via Mina meddelanden, som SvarUt i Norge.",
            language="sv",
            municipalities=[sundsvall],
            topics=[post],
            status="ongoing",
            first_published_at=published_on(2022),
        ),
        "welfare": ExperiencePageFactory(
            parent=experience_index,
            title="Trygghetsalarm i Steinkjer",
            municipalities=[steinkjer],
            topics=[welfare],
            first_published_at=published_on(2021),
        ),
        "guide": GuidePageFactory(parent=wiki_index, title="Slik kommer du i gang med SvarUt", topics=[post]),
        "draft": ExperiencePageFactory(
            parent=experience_index, title="SvarUt-utkast fra Malvik", municipalities=[malvik], live=False
        ),
    }
    search_backend.sync()
    invalidate_vocabulary()
    return pages


def test_facet_counts_follow_the_query(corpus):
    with translation.override("nb"):  # region labels follow the UI language
        response = search("q=svarut")
    assert bucket_counts(response, "type") == {"experience": 3, "guide": 1}
    assert bucket_counts(response, "municipality") == {"malvik": 1, "steinkjer": 1, "sundsvall": 1}
    assert bucket_counts(response, "network") == {"digut": 2}
    assert bucket_counts(response, "country") == {"NO": 2, "SE": 1}
    assert bucket_counts(response, "language") == {"nb": 3, "sv": 1}
    labels = {bucket["value"]: bucket["label"] for bucket in response.facets["region"]}
    assert labels == {"trondelag": "Trøndelag", "vasternorrlands-lan": "Västernorrlands län"}


def test_facets_combine_and_keep_counts_for_the_other_choices(corpus):
    response = search("q=svarut&municipality=malvik")
    assert [hit.title for hit in response.hits] == ["SvarUt i Malvik"]
    # The municipality facet still counts the others, so the reader can widen the choice.
    assert bucket_counts(response, "municipality") == {"malvik": 1, "steinkjer": 1, "sundsvall": 1}
    assert bucket_counts(response, "year") == {2016: 1}
    both = search("q=svarut&municipality=malvik&municipality=steinkjer&network=digut&type=experience")
    assert sorted(hit.title for hit in both.hits) == ["SvarUt i Malvik", "SvarUt og SvarInn i Steinkjer"]
    assert search("q=svarut&country=SE&network=digut").total == 0


def test_private_and_draft_pages_never_reach_counts_suggestions_or_related(corpus, search_backend, client):
    PageViewRestriction.objects.create(page=corpus["steinkjer"], restriction_type="password", password="x")
    search_backend.sync()
    response = search("q=svarut")
    assert "steinkjer" not in bucket_counts(response, "municipality")
    assert bucket_counts(response, "municipality")["malvik"] == 1  # the Malvik draft is not counted
    suggestions = str(client.get("/api/search/suggest/?q=svarut").json())
    assert "Steinkjer" not in suggestions and "utkast" not in suggestions
    assert "SvarUt og SvarInn i Steinkjer" not in [page.title for page in related_experiences(corpus["malvik"])]


def test_snippets_mark_matches_and_escape_content(search_backend, experience_index):
    ExperiencePageFactory(
        parent=experience_index,
        title="Hendelser i arkivet",
        summary='Vi fant <script>alert("x")</script> i et brev om arkivuttrekk.',
        what_we_did="<p>Arkivuttrekk ble testet hver uke.</p>",
    )
    search_backend.sync()
    snippet = search("q=arkivuttrekk").hits[0].snippet
    assert "<mark>" in snippet.lower() and "arkivuttrekk" in snippet.lower()
    assert "<script>" not in snippet


def test_sort_by_newest(corpus):
    titles = [hit.title for hit in search("q=svarut&sort=newest&type=experience").hits]
    assert titles == ["Digital brevlåda i Sundsvall", "SvarUt og SvarInn i Steinkjer", "SvarUt i Malvik"]


def test_api_takes_facet_filters_and_returns_counts(corpus, client):
    data = client.get("/api/search/?q=svarut&municipality=steinkjer").json()
    assert [result["title"] for result in data["results"]] == ["SvarUt og SvarInn i Steinkjer"]
    municipality = {bucket["value"]: bucket["count"] for bucket in data["facets"]["municipality"]}
    assert municipality == {"malvik": 1, "steinkjer": 1, "sundsvall": 1}
    assert client.get("/api/search/?q=svarut&status=finished").status_code == 400
    assert client.get("/api/search/?q=svarut&sort=oldest").status_code == 400


def test_municipality_facet_is_not_cut_at_ten(search_backend, experience_index):
    region = RegionFactory(name="Trøndelag", country="NO")
    for n in range(14):
        ExperiencePageFactory(
            parent=experience_index,
            title=f"Felles e-tjenester {n}",
            municipalities=[MunicipalityFactory(name=f"Kommune nummer {n}", region=region)],
        )
    search_backend.sync()
    assert len(search("q=e-tjenester").facets["municipality"]) == 14


def test_search_page_shows_facets_and_sort(corpus, client):
    html = client.get("/search/?q=svarut&municipality=malvik").content.decode()
    assert 'name="municipality" value="malvik" checked' in html
    assert 'name="municipality" value="steinkjer"' in html
    assert 'id="search-sort"' in html


def test_suggestions_offer_titles_and_names_as_you_type(corpus, client):
    data = client.get("/api/search/suggest/?q=Sunds").json()
    kinds = {(s["type"], s["text"]) for s in data["suggestions"]}
    assert ("municipality", "Sundsvall") in kinds
    assert ("title", "Digital brevlåda i Sundsvall") in kinds
    svarut = client.get("/api/search/suggest/?q=svar").json()["suggestions"]
    assert svarut[0]["type"] == "title" and svarut[0]["text"].startswith("SvarUt")
    assert "SvarUt-utkast fra Malvik" not in str(svarut)


def test_suggestions_fold_nordic_letters_and_forgive_a_typo(corpus, client):
    assert ("municipality", "Malvik") in {
        (s["type"], s["text"]) for s in client.get("/api/search/suggest/?q=malv").json()["suggestions"]
    }
    welfare = client.get("/api/search/suggest/?q=velferdst").json()["suggestions"]
    assert ("topic", "Velferdsteknologi") in {(s["type"], s["text"]) for s in welfare}
    typo = client.get("/api/search/suggest/?q=velfredsteknologi").json()["suggestions"]
    assert ("topic", "Velferdsteknologi") in {(s["type"], s["text"]) for s in typo}
    assert client.get("/api/search/suggest/").status_code == 400
    assert client.get("/api/search/suggest/?q=" + "x" * 101).status_code == 400


def test_related_reports_cross_languages_and_skip_drafts(corpus):
    related = [page.title for page in related_experiences(corpus["malvik"])]
    assert "SvarUt og SvarInn i Steinkjer" in related
    assert "Digital brevlåda i Sundsvall" in related  # Swedish, same topic
    assert "SvarUt-utkast fra Malvik" not in related
    assert "SvarUt i Malvik" not in related


def test_search_page_offers_a_skip_link_to_the_results_before_the_filters(corpus, english):
    html = english.get("/search/?q=svarut").content.decode()
    skip = html.index('data-testid="skip-to-results"')
    assert skip < html.index('id="page-search"') < html.index('id="facets-heading"')
    assert 'href="#results"' in html[skip - 200 : skip + 50]
    assert 'id="results" tabindex="-1"' in html


def test_collapsed_facet_groups_say_what_they_hold(corpus, english):
    response = english.get("/search/?q=svarut&municipality=malvik")
    html = response.content.decode()
    groups = {group["name"]: group for group in response.context["facet_groups"]}
    assert groups["municipality"]["chosen_labels"] == ["Malvik"]
    assert '<span class="facet-summary">(Malvik)</span>' in html
    options = len(groups["region"]["buckets"])
    assert f'<span class="facet-summary">({options} option{"s" if options != 1 else ""})</span>' in html


def test_sort_order_applies_on_change_with_the_button_kept_for_readers_without_javascript(corpus, client):
    html = client.get("/search/?q=svarut").content.decode()
    form = html[html.index('class="sort-form"') :]
    form = form[: form.index("</form>")]
    assert "data-auto-submit" in form and "data-auto-submit-button" in form and 'type="submit"' in form
    assert "js/auto-submit.js" in html


def test_suggested_topic_names_follow_the_ui_language(corpus, client):
    Topic.objects.filter(name="Velferdsteknologi").update(name_sv="Välfärdsteknik", name_en="Welfare technology")
    invalidate_vocabulary()

    def topics(language, query):
        client.cookies["erfa_language"] = language
        suggestions = client.get(f"/api/search/suggest/?q={query}").json()["suggestions"]
        return {(s["text"], s["language"]) for s in suggestions if s["type"] == "topic"}

    assert topics("nb", "velferd") == {("Velferdsteknologi", "nb")}
    # Typed in either language, shown in the reader's: the vocabulary is kept per UI language.
    assert topics("sv", "velferd") == {("Välfärdsteknik", "sv")}
    assert topics("sv", "välfärd") == {("Välfärdsteknik", "sv")}
    assert topics("en", "welfare") == {("Welfare technology", "en")}
