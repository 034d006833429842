from experiences.factories import ExperiencePageFactory


def test_search_finds_published_experiences(client, experience_index):
    ExperiencePageFactory(parent=experience_index, title="Digital byggesøknad i Malvik")
    ExperiencePageFactory(parent=experience_index, title="Byggesøknad utkast", live=False)
    response = client.get("/search/?q=byggesøknad")
    assert response.status_code == 200
    titles = [page.title for page in response.context["page_obj"]]
    assert titles == ["Digital byggesøknad i Malvik"]


def test_search_bad_page_is_400(client, home):
    assert client.get("/search/?q=svarut&page=-1").status_code == 400
    assert client.get("/search/?q=" + "x" * 5000).status_code == 400


def test_empty_search_renders(client, home):
    assert client.get("/search/").status_code == 200
