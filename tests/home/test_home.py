from experiences.factories import ExperiencePageFactory, MunicipalityFactory, RegionFactory, TopicFactory
from wiki.factories import ThemePageFactory


def test_home_shows_newest_experiences_themes_and_counts(client, experience_index, theme_index):
    trondelag = RegionFactory(name="Trøndelag")
    topic = TopicFactory(name="Digital post")
    for n in range(3):
        ExperiencePageFactory(
            parent=experience_index,
            title=f"SvarUt-rapport {n}",
            municipalities=[MunicipalityFactory(region=trondelag)],
            topics=[topic],
        )
    ExperiencePageFactory(parent=experience_index, title="Utkast", live=False, topics=[topic])
    ThemePageFactory(parent=theme_index, title="Velferdsteknologi")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "SvarUt-rapport 2" in html and "Velferdsteknologi" in html
    assert "Utkast" not in html
    regions = {region.name: region.experience_count for region in response.context["region_counts"]}
    assert regions == {"Trøndelag": 3}
    assert {t.name: t.experience_count for t in response.context["topic_counts"]} == {"Digital post": 3}
    assert 'action="/search/"' in html


def test_accessibility_statement_is_linked_from_the_footer(client, home):
    assert "/tilgjengelighet/" in client.get("/").content.decode()


def test_standard_page_renders(client, home):
    from home.factories import StandardPageFactory

    page = StandardPageFactory(parent=home, title="Om Erfa", body="<p>Slik bidrar du.</p>")
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Slik bidrar du." in response.content.decode()


def test_unknown_address_gets_the_friendly_404(client, home):
    client.cookies["erfa_language"] = "en"
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    # Our own page, inside the site's layout: a way on (search, front page), not Django's bare fallback.
    assert "Page not found" in html
    assert 'id="notfound-q"' in html
    # The way on keeps the reader's language.
    assert '<a class="ds-link" href="/en/">' in html
