import pytest

from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

STATEMENT_HEADINGS = {
    "nb": "Tilgjengelighetserklæring for Erfa",
    "sv": "Tillgänglighetsredogörelse för Erfa",
    "en": "Accessibility statement for Erfa",
}
FOOTER_LINK_TEXT = {
    "nb": "Tilgjengelighetserklæring",
    "sv": "Tillgänglighetsredogörelse",
    "en": "Accessibility statement",
}
ENFORCEMENT = {"nb": ["Uu-tilsynet", "Digdir"], "sv": ["DIGG"], "en": ["Uu-tilsynet", "Digdir", "DIGG"]}


@pytest.mark.parametrize("language", ["nb", "sv", "en"])
def test_statement_is_written_in_the_ui_language_with_status_issues_contact_enforcement_and_date(home, language):
    client = Client()
    client.cookies["erfa_language"] = language
    response = client.get(reverse("accessibility_statement"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}"' in html
    assert STATEMENT_HEADINGS[language] in html
    assert "WCAG 2.1" in html
    assert "mailto:tilgjengelighet@erfa.example" in html
    assert 'datetime="2026-11-21"' in html
    for authority in ENFORCEMENT[language]:
        assert authority in html


@pytest.mark.parametrize("language", ["nb", "sv", "en"])
def test_every_footer_links_the_statement_in_the_ui_language(home, language):
    client = Client()
    client.cookies["erfa_language"] = language
    html = client.get("/").content.decode()
    assert f'href="{reverse("accessibility_statement")}">{FOOTER_LINK_TEXT[language]}</a>' in html


def test_statement_contact_comes_from_the_settings(home, settings):
    settings.ERFA_ACCESSIBILITY_CONTACT = "uu@kommune.example"
    assert "mailto:uu@kommune.example" in Client().get(reverse("accessibility_statement")).content.decode()


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_server_error_page_renders_without_a_request_context_and_links_the_statement(language):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
        statement = reverse("accessibility_statement")  # in the reader's language: /sv/tilgjengelighet/
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}"' in html
    assert f'href="{statement}"' in html
