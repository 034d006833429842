"""Related links the file names are completed on every run, without publishing an editor's draft."""

from django.core.management import call_command

from experiences.models import ExperiencePage

from .records import experience, write_jsonl


def linked(page):
    return [link.related_page.external_id for link in page.related_links.all()]


def test_create_only_rerun_adds_missing_links_to_the_draft_and_never_publishes_it(tmp_path, experience_index):
    call_command("import_content", str(write_jsonl(tmp_path / "first.jsonl", experience("a", related=["b"]))))
    page = ExperiencePage.objects.get(external_id="a")
    assert linked(page) == []
    draft = page.get_latest_revision_as_object()
    draft.title = "Redaktørens utkast"
    draft.save_revision()

    both = write_jsonl(tmp_path / "both.jsonl", experience("a", related=["b"]), experience("b"))
    call_command("import_content", str(both), "--create-only")

    page = ExperiencePage.objects.get(external_id="a")
    assert page.title == "Digital byggesøknad a" and linked(page) == []  # live: untouched
    latest = page.get_latest_revision_as_object()
    assert latest.title == "Redaktørens utkast" and linked(latest) == ["b"]


def test_create_only_rerun_links_a_live_page_once(tmp_path, experience_index):
    call_command("import_content", str(write_jsonl(tmp_path / "first.jsonl", experience("a", related=["b"]))))
    both = write_jsonl(tmp_path / "both.jsonl", experience("a", related=["b"]), experience("b"))
    call_command("import_content", str(both), "--create-only")
    revisions = ExperiencePage.objects.get(external_id="a").revisions.count()
    call_command("import_content", str(both), "--create-only")

    page = ExperiencePage.objects.get(external_id="a")
    assert linked(page) == ["b"] and not page.has_unpublished_changes
    assert page.revisions.count() == revisions  # nothing left to add: no new revision
