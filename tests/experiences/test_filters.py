import pytest

from experiences.factories import (
    ExperiencePageFactory,
    MunicipalityFactory,
    NationalSolutionFactory,
    NetworkFactory,
    RegionFactory,
    TopicFactory,
    published_on,
)


@pytest.fixture
def catalogue(experience_index):
    trondelag = RegionFactory(name="Trøndelag", country="NO")
    vasternorrland = RegionFactory(name="Västernorrlands län", country="SE")
    malvik = MunicipalityFactory(name="Malvik", region=trondelag)
    sundsvall = MunicipalityFactory(name="Sundsvall", region=vasternorrland)
    digut = NetworkFactory(name="DiguT")
    post = TopicFactory(name="Digital post")
    svarut = NationalSolutionFactory(name="SvarUt")
    pages = {
        "malvik": ExperiencePageFactory(
            parent=experience_index,
            title="Malvik SvarUt",
            municipalities=[malvik],
            network=digut,
            topics=[post],
            national_solutions=[svarut],
            tags=["utsending"],
            status="completed",
            language="nb",
            first_published_at=published_on(2016),
        ),
        "sundsvall": ExperiencePageFactory(
            parent=experience_index,
            title="Sundsvall e-tjänster",
            municipalities=[sundsvall],
            status="ongoing",
            language="sv",
            first_published_at=published_on(2021),
        ),
        "draft": ExperiencePageFactory(
            parent=experience_index, title="Utkast Malvik", municipalities=[malvik], live=False
        ),
    }
    return experience_index, pages


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Malvik SvarUt", "Sundsvall e-tjänster"}),
        ("municipality=malvik", {"Malvik SvarUt"}),
        ("region=vasternorrlands-lan", {"Sundsvall e-tjänster"}),
        ("country=SE", {"Sundsvall e-tjänster"}),
        ("country=no", {"Malvik SvarUt"}),
        ("network=digut", {"Malvik SvarUt"}),
        ("topic=digital-post", {"Malvik SvarUt"}),
        ("tag=utsending", {"Malvik SvarUt"}),
        ("solution=svarut", {"Malvik SvarUt"}),
        ("status=ongoing", {"Sundsvall e-tjänster"}),
        ("language=sv", {"Sundsvall e-tjänster"}),
        ("year=2016", {"Malvik SvarUt"}),
        ("status=ongoing&status=completed", {"Malvik SvarUt", "Sundsvall e-tjänster"}),
        ("country=SE&network=digut", set()),
        ("municipality=finnes-ikke", set()),
    ],
)
def test_index_filters_narrow_the_list(client, catalogue, query, expected):
    index, pages = catalogue
    response = client.get(f"{index.url}?{query}")
    assert response.status_code == 200
    titles = {page.title for page in response.context["experiences"]}
    assert titles == expected


def test_drafts_never_appear_in_the_index(client, catalogue):
    index, _pages = catalogue
    assert "Utkast Malvik" not in client.get(index.url).content.decode()


@pytest.mark.parametrize(
    "query",
    ["status=done", "language=de", "country=XX", "year=abc", "year=1850", "page=0", "page=abc", "page=99999999"],
)
def test_bad_filter_values_are_400_with_a_message(english, catalogue, query):
    index, _pages = catalogue
    response = english.get(f"{index.url}?{query}")
    assert response.status_code == 400
    assert response.context["error_message"]


def test_page_number_past_the_end_shows_the_last_page(client, catalogue):
    index, _pages = catalogue
    response = client.get(f"{index.url}?page=50")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
