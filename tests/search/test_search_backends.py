"""Search behaviour, written once and run against the database backend, OpenSearch 3
and Elasticsearch 7 (see the ``search_backend`` fixture)."""

import pytest

from wagtail.models import PageViewRestriction

from experiences.factories import ExperiencePageFactory, MunicipalityFactory
from search.params import SearchParams
from search.service import run_search
from wiki.factories import GuidePageFactory


def titles(query, **params):
    return [hit.title for hit in run_search(SearchParams(query, **params)).hits]


@pytest.fixture
def reports(search_backend, experience_index):
    malvik = MunicipalityFactory(name="Malvik")
    timra = MunicipalityFactory(name="Timrå")
    pages = {
        "svarut": ExperiencePageFactory(
            parent=experience_index,
            title="SvarUt i Malvik",
            summary="Utgående post sendes digitalt.",
            what_worked="<p>Opplæring av saksbehandlere i små grupper.</p>",
            municipalities=[malvik],
            contact_name="Kari Kontaktperson",
            contact_email="kari.kontaktperson@malvik.example.no",
        ),
        "bygglov": ExperiencePageFactory(
            parent=experience_index,
            title="Digitala bygglov i Timrå",
            summary="E-tjänst för bygglovsansökningar.",
            language="sv",
            municipalities=[timra],
        ),
        "draft": ExperiencePageFactory(
            parent=experience_index, title="Hemmelig SvarUt-utkast", municipalities=[malvik], live=False
        ),
    }
    search_backend.sync()
    return pages


def test_finds_reports_by_title_summary_body_and_municipality(search_backend, reports):
    assert titles("SvarUt") == ["SvarUt i Malvik"]
    assert titles("digitalt")[0] == "SvarUt i Malvik"  # typo tolerance may add "digitala"
    assert "SvarUt i Malvik" in titles("saksbehandlere")
    assert titles("Timrå") == ["Digitala bygglov i Timrå"]


def test_response_names_the_engine_that_answered(search_backend, reports):
    response = run_search(SearchParams("SvarUt"))
    assert response.engine == search_backend.name
    assert response.fallback is False
    assert response.total == 1
    hit = response.hits[0]
    assert hit.url == reports["svarut"].url
    assert hit.type == "experience"
    assert hit.municipalities == ["Malvik"]
    assert hit.language == "nb"


def test_drafts_never_reach_results(search_backend, reports):
    assert titles("SvarUt") == ["SvarUt i Malvik"]
    assert titles("Hemmelig") == []
    # The same page is found once it is published: the draft was kept out, not unfindable.
    reports["draft"].get_latest_revision().publish()
    search_backend.sync()
    assert titles("Hemmelig") == ["Hemmelig SvarUt-utkast"]


def test_contact_details_are_not_searchable(search_backend, reports):
    assert titles("Kontaktperson") == []
    assert titles("Kari") == []
    assert titles("kari.kontaktperson") == []
    assert "kontaktperson" not in str(run_search(SearchParams("SvarUt")).as_dict()).lower()


def test_private_pages_never_reach_results(search_backend, reports):
    PageViewRestriction.objects.create(page=reports["svarut"], restriction_type="password", password="hemmelig")
    search_backend.sync()
    assert titles("SvarUt") == []


def test_unpublished_pages_leave_results(search_backend, reports):
    assert titles("SvarUt") == ["SvarUt i Malvik"]
    reports["svarut"].unpublish()
    search_backend.sync()
    assert titles("SvarUt") == []


def test_deleted_pages_leave_results(search_backend, reports):
    reports["bygglov"].delete()
    search_backend.sync()
    assert titles("bygglov") == []


def test_moved_pages_are_found_at_their_new_address(search_backend, wiki_index):
    first = GuidePageFactory(parent=wiki_index, title="Arkiv")
    second = GuidePageFactory(parent=wiki_index, title="Digital post")
    guide = GuidePageFactory(parent=first, title="Noark-uttrekk steg for steg")
    search_backend.sync()
    guide.move(second, pos="last-child")
    search_backend.sync()
    hit = run_search(SearchParams("Noark")).hits[0]
    assert hit.url.startswith(second.url)


def test_republished_changes_are_found(search_backend, reports):
    page = reports["svarut"].get_latest_revision_as_object()
    page.title = "Digital post fra Malvik"
    page.save_revision().publish()
    search_backend.sync()
    assert titles("Digital post fra Malvik")[0] == "Digital post fra Malvik"
    assert "SvarUt i Malvik" not in titles("SvarUt")


def test_pagination_walks_through_every_result(search_backend, experience_index):
    municipality = MunicipalityFactory(name="Levanger")
    for n in range(7):
        ExperiencePageFactory(
            parent=experience_index, title=f"Velferdsteknologi rapport {n}", municipalities=[municipality]
        )
    search_backend.sync()
    seen = []
    for page in (1, 2, 3):
        response = run_search(SearchParams("velferdsteknologi", page=page, page_size=3))
        assert response.total == 7
        seen.extend(hit.title for hit in response.hits)
    assert sorted(seen) == sorted(f"Velferdsteknologi rapport {n}" for n in range(7))


def test_search_page_renders_results(search_backend, reports, client):
    response = client.get("/search/?q=SvarUt")
    assert response.status_code == 200
    html = response.content.decode()
    assert "SvarUt i Malvik" in html
    assert 'data-testid="search-fallback"' not in html
