"""GDPR: erasing a contact person everywhere, and exporting every place their data is held."""

import io
import json

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import PageLogEntry, Revision

from experiences.factories import ExperiencePageFactory
from search.insight_models import SearchLog
from search.params import SearchParams
from search.service import run_search
from wiki.factories import GuidePageFactory

# The real engines, as the search tests use them.
from ..search.conftest import engine_urls, search_backend  # noqa: F401

EMAIL = "kari.kontakt@malvik.example.no"
NAME = "Kari Kontakt"


def edit(page, **changes):
    page = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def held(experience_index, wiki_index):
    report = ExperiencePageFactory(
        parent=experience_index,
        title="SvarUt i Malvik",
        contact_name=NAME,
        contact_role="Arkivleder",
        contact_email=EMAIL,
    )
    report = edit(report, what_worked=f"<p>Spør {EMAIL} om malene.</p>")
    report = edit(report, summary="Malvik sender all post digitalt.")
    # Kari was once the contact of this report; someone else is now.
    former = ExperiencePageFactory(
        parent=experience_index, title="Eiendomsskatt", contact_name=NAME, contact_email=EMAIL
    )
    former = edit(former, contact_name="Ola Annen", contact_email="ola.annen@malvik.example.no")
    guide = GuidePageFactory(parent=wiki_index, title="Arkivplan", owner_name=NAME, owner_email=EMAIL.upper())
    bystander = ExperiencePageFactory(parent=experience_index, title="Byggesak", contact_email="per@example.no")
    return {"report": report, "former": former, "guide": guide, "bystander": bystander}


def revision_text():
    return json.dumps([revision.content for revision in Revision.objects.all()], ensure_ascii=False).lower()


def erase(*args):
    out = io.StringIO()
    call_command("erase_contact_person", "--email", EMAIL, *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("search_backend", ["database", "opensearch"], indirect=True)
def test_erasure_removes_the_person_from_pages_revisions_and_the_index(search_backend, held, client):  # noqa: F811
    search_backend.sync()
    assert EMAIL in revision_text() and NAME.lower() in revision_text()

    output = erase("--name", NAME)
    search_backend.sync()

    assert EMAIL not in revision_text()
    assert NAME.lower() not in revision_text()
    report = type(held["report"]).objects.get(pk=held["report"].pk)
    assert (report.contact_name, report.contact_role, report.contact_email) == ("", "", "")
    assert EMAIL not in report.what_worked and "[erased]" in report.what_worked
    guide = type(held["guide"]).objects.get(pk=held["guide"].pk)
    assert (guide.owner_name, guide.owner_email) == ("", "")
    bystander = type(held["bystander"]).objects.get(pk=held["bystander"].pk)
    assert bystander.contact_email == "per@example.no"
    assert "SvarUt i Malvik" in output and "Arkivplan" in output and "Eiendomsskatt" in output

    assert run_search(SearchParams("kari.kontakt")).total == 0
    if search_backend.engine is not None:
        engine = search_backend.engine
        document = engine.client.get(index=engine.alias, id=str(report.pk))["_source"]
        assert "kari.kontakt" not in json.dumps(document).lower()
        assert "[erased]" in document["body"]

    entries = PageLogEntry.objects.filter(action="erfa.erase_contact")
    assert set(entries.values_list("page_id", flat=True)) == {report.pk, held["former"].pk, guide.pk}
    assert EMAIL not in json.dumps(list(entries.values_list("data", flat=True))).lower()

    # The page still edits, publishes and renders.
    report = edit(report, title="SvarUt i Malvik kommune")
    assert report.live and client.get(report.url).status_code == 200


def test_dry_run_changes_nothing(held):
    before = revision_text()
    output = erase("--dry-run")
    assert "Would erase" in output and "SvarUt i Malvik" in output
    assert revision_text() == before
    assert type(held["report"]).objects.get(pk=held["report"].pk).contact_email == EMAIL
    assert not PageLogEntry.objects.filter(action="erfa.erase_contact").exists()


def test_erasure_redacts_search_texts_naming_the_person(held):
    SearchLog.objects.create(query="kari kontakt svarut", ui_language="nb", results=1, engine="database")
    erase("--name", NAME)
    assert list(SearchLog.objects.values_list("query", flat=True)) == ["[erased] svarut"]


def test_export_lists_every_place_the_person_is_held(held, django_user_model, tmp_path):
    django_user_model.objects.create_user("kari", email=EMAIL, first_name="Kari")
    SearchLog.objects.create(query="kari kontakt", ui_language="nb", results=0, engine="database")
    out = tmp_path / "kari.json"
    call_command("export_personal_data", "--email", EMAIL, "--name", NAME, "--out", str(out), stderr=io.StringIO())
    places = json.loads(out.read_text(encoding="utf-8"))["places"]
    by_page = {place["page_id"]: place for place in places if "page_id" in place and place["kind"] != "text"}
    texts = {(place["model"], place["object_id"]): place for place in places if place["kind"] == "text"}

    report = by_page[held["report"].pk]
    assert report["kind"] == "contact_person"
    assert report["fields"]["contact_email"] == EMAIL
    assert len(report["revision_ids"]) == 3
    assert by_page[held["guide"].pk]["kind"] == "guide_owner"
    assert by_page[held["former"].pk]["kind"] == "page_history"
    assert by_page[held["former"].pk]["revision_ids"]
    assert held["bystander"].pk not in by_page
    assert "what_worked" in texts[("experiences.ExperiencePage", held["report"].pk)]["fields"]
    assert EMAIL in texts[("experiences.ExperiencePage", held["report"].pk)]["excerpts"]["what_worked"]
    assert "user" in {place["kind"] for place in places}
    assert any(model == "erfa_search.SearchLog" for model, _ in texts)


def test_export_writes_json_to_standard_output(held):
    out = io.StringIO()
    call_command("export_personal_data", "--email", EMAIL, stdout=out)
    data = json.loads(out.getvalue())
    assert data["person"]["email"] == EMAIL
    assert any(place["kind"] == "contact_person" for place in data["places"])


def test_commands_refuse_an_invalid_address(db):
    with pytest.raises(CommandError, match="not a valid e-mail address"):
        call_command("erase_contact_person", "--email", "not-an-address")
    with pytest.raises(CommandError, match="not a valid e-mail address"):
        call_command("export_personal_data", "--email", "")
