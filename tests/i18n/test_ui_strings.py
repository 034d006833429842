"""Chrome strings in the reader's language, and the translated texts editable in the admin."""

import pytest

from django.urls import reverse
from django.utils import translation

from core.facets import FACETS
from experiences.factories import ExperiencePageFactory, RegionFactory
from experiences.models import Region


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-admin-123")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("language", "help_text"),
    [
        ("sv", "Högst 1000 tecken. Skriv inga personuppgifter."),
        ("en", "At most 1000 characters. Do not write personal information."),
    ],
)
def test_feedback_help_text_is_in_the_ui_language(client, experience_index, language, help_text):
    page = ExperiencePageFactory(parent=experience_index)
    client.cookies["erfa_language"] = language
    html = client.get(page.url).content.decode()
    assert help_text in html
    assert "Høyst" not in html


@pytest.mark.parametrize(
    ("language", "content_type", "year"), [("nb", "Innholdstype", "År"), ("sv", "Innehållstyp", "År")]
)
def test_search_facet_labels_are_translated(language, content_type, year):
    with translation.override(language):
        assert (str(FACETS["type"].label), str(FACETS["year"].label)) == (content_type, year)


def test_admin_speaks_bokmal_where_wagtail_does_not(admin_client, home):
    admin_client.cookies["erfa_language"] = "nb"
    html = admin_client.get("/admin/").content.decode()
    assert "Søk i alle sider" in html and "Search all pages" not in html
    assert "Likeverdige ord" in html and "Equivalent terms" not in html
    assert "Hjelp" in html  # the help menu, in the sidebar's JSON


def test_editors_edit_a_structural_page_in_each_language(admin_client, experience_index):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[experience_index.pk])).content.decode()
    for field in ("title_sv", "title_en", "intro_sv", "intro_en"):
        assert f'name="{field}"' in html


def test_editors_give_a_region_its_swedish_and_english_names(admin_client, home):
    region = RegionFactory(name="Västernorrlands län", country="SE")
    url = reverse("wagtailsnippets_experiences_region:edit", args=[region.pk])
    response = admin_client.post(
        url,
        {
            "name": "Västernorrlands län",
            "name_sv": "Västernorrlands län",
            "name_en": "Västernorrland County",
            "slug": region.slug,
            "code": "22",
            "country": "SE",
        },
    )
    assert response.status_code == 302
    region = Region.objects.get(pk=region.pk)
    assert (region.name_sv, region.name_en) == ("Västernorrlands län", "Västernorrland County")
    with translation.override("en"):
        assert str(region) == "Västernorrland County"
