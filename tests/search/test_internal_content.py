"""Internal content (Privacy → "Private, accessible to logged-in users") in search, per backend.

Anonymous readers must never learn of an internal page through results, totals, facet
counts, did-you-mean, suggestions, similar reports, the search page or the JSON API;
signed-in readers find it everywhere a public page would be found.
"""

import pytest

from django.contrib.auth.models import AnonymousUser

from wagtail.models import PageViewRestriction

from experiences.factories import (
    ExperiencePageFactory,
    MunicipalityFactory,
    NationalSolutionFactory,
    TopicFactory,
)
from search.params import SearchParams
from search.related import related_experiences
from search.service import run_search
from search.suggest import invalidate_vocabulary
from wiki.factories import GuidePageFactory

WORD = "Kvitrefuglskjema"  # in the internal pages only


def internal(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def search(query, signed_in=False, **params):
    return run_search(SearchParams(query, include_internal=signed_in, **params))


def titles(query, signed_in=False, **params):
    return [hit.title for hit in search(query, signed_in, **params).hits]


def counts(response, facet):
    return {bucket["value"]: bucket["count"] for bucket in response.facets.get(facet, [])}


@pytest.fixture
def content(search_backend, experience_index, wiki_index):
    malvik = MunicipalityFactory(name="Malvik")
    hemmelvik = MunicipalityFactory(name="Hemmelvik")  # only the internal report names it
    post = TopicFactory(name="Digital post")
    svarut = NationalSolutionFactory(name="SvarUt")
    pages = {
        "public": ExperiencePageFactory(
            parent=experience_index,
            title="SvarUt i Malvik",
            summary="Malvik sender post digitalt med SvarUt.",
            what_worked="<p>Posten går digitalt til innbyggerne.</p>",
            municipalities=[malvik],
            topics=[post],
            national_solutions=[svarut],
        ),
        "internal": ExperiencePageFactory(
            parent=experience_index,
            title=f"{WORD} for SvarUt i Hemmelvik",
            summary=f"Hemmelvik sender post digitalt med SvarUt og {WORD.lower()}.",
            what_worked=f"<p>Vi fylte ut {WORD.lower()} for hver forsendelse.</p>",
            municipalities=[hemmelvik],
            topics=[post],
            national_solutions=[svarut],
            contact_name="Ingrid Innsidesen",
            contact_email="ingrid.innsidesen@hemmelvik.example.no",
        ),
        "guide": GuidePageFactory(parent=wiki_index, title=f"Veileder for {WORD}", summary="SvarUt steg for steg."),
        "draft": ExperiencePageFactory(
            parent=experience_index, title=f"Utkast om {WORD} og SvarUt", municipalities=[malvik], live=False
        ),
    }
    internal(pages["internal"])
    internal(pages["guide"])
    search_backend.sync()
    invalidate_vocabulary()
    return pages


def test_anonymous_search_never_finds_internal_pages(content):
    assert titles(WORD) == []
    assert search(WORD).total == 0
    assert titles("SvarUt") == ["SvarUt i Malvik"]
    assert search("SvarUt").total == 1


def test_signed_in_search_finds_internal_experiences_and_guides(content):
    found = titles(WORD, signed_in=True)
    assert sorted(found) == sorted([content["internal"].title, content["guide"].title])
    assert search("SvarUt", signed_in=True).total == 3


def test_anonymous_facet_counts_leave_internal_pages_out(content):
    anonymous = search("SvarUt")
    assert counts(anonymous, "municipality") == {"malvik": 1}
    assert counts(anonymous, "type") == {"experience": 1}
    signed_in = search("SvarUt", signed_in=True)
    assert counts(signed_in, "municipality") == {"malvik": 1, "hemmelvik": 1}
    assert counts(signed_in, "type") == {"experience": 2, "guide": 1}


def test_did_you_mean_never_offers_words_only_internal_pages_contain(content, search_backend):
    misspelt = "kvitrefuglskjemma"
    assert search(misspelt).suggestion is None
    if search_backend.engine is not None:
        # The same typo offers the word to signed-in readers, so the check above could fail.
        assert search(misspelt, signed_in=True).suggestion == WORD.lower()


def test_did_you_mean_still_corrects_words_from_public_pages(content, search_backend):
    assert search("digitallt").suggestion == "digitalt"


def test_suggestions_leave_internal_titles_and_names_out_for_anonymous_readers(content, client, reader):
    anonymous = str(client.get(f"/api/search/suggest/?q={WORD[:6]}").json()["suggestions"])
    assert WORD not in anonymous
    assert "Hemmelvik" not in str(client.get("/api/search/suggest/?q=hemmel").json()["suggestions"])
    client.force_login(reader)
    assert WORD in str(client.get(f"/api/search/suggest/?q={WORD[:6]}").json()["suggestions"])
    assert "Hemmelvik" in str(client.get("/api/search/suggest/?q=hemmel").json()["suggestions"])


def test_similar_experiences_leave_internal_reports_out_for_anonymous_readers(content, reader):
    public, hidden = content["public"], content["internal"]
    assert hidden not in related_experiences(public)
    assert hidden not in related_experiences(public, user=AnonymousUser())
    assert hidden in related_experiences(public, user=reader)


def test_experience_page_shows_internal_similar_reports_to_signed_in_readers_only(content, client, reader):
    assert WORD not in client.get(content["public"].url).content.decode()
    client.force_login(reader)
    assert WORD in client.get(content["public"].url).content.decode()


def test_search_page_and_api_hide_internal_pages_from_anonymous_readers(content, client, reader):
    page = client.get(f"/search/?q={WORD}")
    assert page.status_code == 200
    html = page.content.decode()
    assert content["internal"].title not in html and content["guide"].title not in html
    api = client.get(f"/api/search/?q={WORD}").json()
    assert api["total"] == 0 and api["results"] == []
    svarut = client.get("/api/search/?q=SvarUt").json()
    assert "hemmelvik" not in str(svarut["facets"]).lower()

    client.force_login(reader)
    assert content["internal"].title in client.get(f"/search/?q={WORD}").content.decode()
    api = client.get(f"/api/search/?q={WORD}").json()
    assert api["total"] == 2
    assert {result["type"] for result in api["results"]} == {"experience", "guide"}


def test_drafts_stay_out_even_for_signed_in_readers(content):
    assert "Utkast" not in str(titles(WORD, signed_in=True))
    assert search("Utkast", signed_in=True).total == 0


def test_contact_person_of_an_internal_report_is_never_searchable(content, search_backend):
    assert titles("Innsidesen", signed_in=True) == []
    assert titles("ingrid.innsidesen", signed_in=True) == []
    if search_backend.engine is not None:
        document = search_backend.engine.client.get(index=search_backend.engine.alias, id=str(content["internal"].pk))
        assert document["_source"]["audience"] == "internal"
        assert "innsidesen" not in str(document["_source"]).lower()


def test_privacy_changes_reindex_the_page_and_everything_under_it(search_backend, wiki_index):
    parent = GuidePageFactory(parent=wiki_index, title="Arkivplan for kommunen")
    child = GuidePageFactory(parent=parent, title="Arkivplan steg for steg")
    search_backend.sync()
    assert len(titles("Arkivplan")) == 2

    restriction = internal(parent)
    search_backend.sync()
    assert titles("Arkivplan") == []
    assert sorted(titles("Arkivplan", signed_in=True)) == sorted([parent.title, child.title])

    # A password is not "signed-in only": such pages leave the index altogether.
    restriction.restriction_type = PageViewRestriction.PASSWORD
    restriction.password = "hemmelig"  # noqa: S105 - a test fixture, not a secret
    restriction.save()
    search_backend.sync()
    assert titles("Arkivplan", signed_in=True) == []

    restriction.delete()
    search_backend.sync()
    assert len(titles("Arkivplan")) == 2
