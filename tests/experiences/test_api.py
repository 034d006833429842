import pytest

from experiences.factories import ExperiencePageFactory, MunicipalityFactory
from wiki.factories import GuidePageFactory, ThemePageFactory


@pytest.fixture
def report(experience_index):
    return ExperiencePageFactory(
        parent=experience_index,
        title="SvarUt i Malvik",
        municipalities=[MunicipalityFactory(name="Malvik")],
        contact_name="Kari Kontakt",
        contact_role="Arkivleder",
        contact_email="kari.kontakt@malvik.example.no",
    )


def detail(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    return response.json()


def test_api_lists_experiences_with_public_fields(client, report):
    response = client.get("/api/v2/pages/?type=experiences.ExperiencePage&fields=summary,municipality_names,language")
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["title"] == "SvarUt i Malvik"
    assert item["municipality_names"] == ["Malvik"]
    assert item["language"] == "nb"


def test_api_never_gives_contact_data_to_anonymous_callers(client, report):
    data = detail(client, report)
    assert data["contact"] is None
    assert "kari.kontakt" not in str(data)
    listing = client.get("/api/v2/pages/?type=experiences.ExperiencePage&fields=*").content.decode()
    assert "kari.kontakt" not in listing
    assert "Kari Kontakt" not in listing


def test_api_gives_contact_data_to_signed_in_callers(client, report, reader):
    client.force_login(reader)
    assert detail(client, report)["contact"] == {
        "name": "Kari Kontakt",
        "role": "Arkivleder",
        "email": "kari.kontakt@malvik.example.no",
    }


def test_api_hides_drafts(client, experience_index):
    draft = ExperiencePageFactory(parent=experience_index, title="Utkast", live=False)
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_api_exposes_guides_and_themes(client, wiki_index, theme_index):
    guide = GuidePageFactory(parent=wiki_index, title="Kom i gang med SvarUt")
    theme = ThemePageFactory(parent=theme_index, title="Digital post")
    guides = client.get("/api/v2/pages/?type=wiki.GuidePage&fields=summary,body,last_reviewed").json()["items"]
    assert [item["title"] for item in guides] == [guide.title]
    assert guides[0]["body"][0]["type"] == "heading"
    themes = client.get("/api/v2/pages/?type=wiki.ThemePage&fields=intro").json()["items"]
    assert [item["title"] for item in themes] == [theme.title]
