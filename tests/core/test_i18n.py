import pytest


@pytest.mark.parametrize(
    ("language", "experiences_label"),
    [("nb", "Erfaringer"), ("sv", "Erfarenheter"), ("en", "Experiences")],
)
def test_ui_speaks_bokmal_swedish_and_english(client, experience_index, language, experiences_label):
    client.cookies["erfa_language"] = language
    html = client.get("/").content.decode()
    assert f'<html lang="{language}"' in html
    assert experiences_label in html


def test_language_switcher_sets_the_ui_language(client, home):
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="sv"' in client.get("/").content.decode()


def test_ui_language_is_separate_from_content_language(client, experience_index):
    from experiences.factories import ExperiencePageFactory

    page = ExperiencePageFactory(parent=experience_index, language="sv", title="Digitala bygglov i Timrå")
    client.cookies["erfa_language"] = "nb"
    html = client.get(page.url).content.decode()
    assert '<html lang="nb"' in html
    # The report's own text carries its content language; the chrome keeps the UI's.
    assert '<h1 class="ds-heading" data-size="xl" lang="sv">Digitala bygglov i Timrå</h1>' in html
    # The chrome around it stays in the reader's bokmål, not the report's Swedish.
    assert "Erfaringer" in html and "Erfarenheter" not in html
