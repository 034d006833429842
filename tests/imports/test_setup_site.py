"""A new install takes its own content: migrate, ``setup_site``, ``import_content`` (README "Your own content")."""

import pytest

from django.core.management import call_command

from wagtail.models import GroupPagePermission, Page, Site, WorkflowPage

from experiences.models import ExperienceIndexPage, ExperiencePage, Municipality
from gatherings.models import GatheringIndexPage
from home.models import HomePage, StandardPage
from wiki.models import GuidePage, ThemeIndexPage, ThemePage, WikiIndexPage

from .records import experience, guide, write_jsonl


def quiet(*args):
    call_command(*args, stdout=open("/dev/null", "w"))  # noqa: SIM115


def structure():
    return {
        model.__name__: list(model.objects.values_list("pk", flat=True))
        for model in (HomePage, ExperienceIndexPage, WikiIndexPage, ThemeIndexPage, StandardPage, Site)
    }


def test_setup_site_builds_the_structure_without_demo_content(db):
    quiet("setup_site")

    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()  # Wagtail's placeholder is gone
    experience_index = ExperienceIndexPage.objects.child_of(home).live().get()
    wiki_index = WikiIndexPage.objects.child_of(home).live().get()
    assert ThemeIndexPage.objects.child_of(home).live().exists()
    assert GatheringIndexPage.objects.child_of(home).live().exists()
    assert StandardPage.objects.child_of(home).live().filter(slug="om-erfa").exists()
    for index in (experience_index, wiki_index):
        assert GroupPagePermission.objects.filter(
            page=index, group__name="Contributors", permission__codename="add_page"
        ).exists()
        assert WorkflowPage.objects.filter(page=index, workflow__name="Moderation").exists()
    assert not ExperiencePage.objects.exists() and not GuidePage.objects.exists()
    assert not ThemePage.objects.exists() and not Municipality.objects.exists()

    before = structure()
    quiet("setup_site")
    assert structure() == before


def test_setup_site_keeps_an_index_an_editor_renamed(db):
    quiet("setup_site")
    index = ExperienceIndexPage.objects.get()
    index.slug = "rapporter"
    index.save_revision().publish()
    quiet("setup_site")
    assert list(ExperienceIndexPage.objects.values_list("slug", flat=True)) == ["rapporter"]


@pytest.fixture
def database_search(settings):
    settings.ERFA_SEARCH = {**settings.ERFA_SEARCH, "URLS": []}


def test_own_content_from_an_empty_database_is_live_listed_and_searchable(db, tmp_path, client, database_search):
    path = write_jsonl(
        tmp_path / "reports.jsonl",
        experience("own-1", title="Velferdsteknologi i Levanger", municipalities=["Levanger"]),
        experience("own-2", title="Digitalt tilsyn i Timrå", language="sv", municipalities=["Timrå"], network=None),
        guide("own-guide", title="Slik kommer du i gang med Erfa"),
    )
    quiet("setup_site")
    quiet("import_content", str(path))

    reports = ExperiencePage.objects.filter(external_id__in=["own-1", "own-2"])
    assert reports.count() == 2 and all(page.live for page in reports)
    assert GuidePage.objects.get(external_id="own-guide").live
    listing = client.get("/erfaringer/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Velferdsteknologi i Levanger" in html and "Digitalt tilsyn i Timrå" in html
    found = client.get("/api/search/?q=velferdsteknologi").json()
    assert found["engine"] == "database"
    assert [result["title"] for result in found["results"]] == ["Velferdsteknologi i Levanger"]
    assert "Velferdsteknologi i Levanger" in client.get("/search/?q=velferdsteknologi").content.decode()


def test_setup_site_serves_the_site_at_base_url(db, settings, client):
    settings.WAGTAILADMIN_BASE_URL = "https://erfa.malvik.kommune.no"
    quiet("setup_site")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("erfa.malvik.kommune.no", 443)
    index = ExperienceIndexPage.objects.get()
    assert index.get_full_url() == "https://erfa.malvik.kommune.no/erfaringer/"
    assert client.get("/erfaringer/").status_code == 200
