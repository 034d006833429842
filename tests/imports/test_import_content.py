import json

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from experiences.models import ExperiencePage, Municipality, Network
from wiki.models import GuidePage


def experience(external_id="exp-1", **overrides):
    record = {
        "external_id": external_id,
        "type": "experience",
        "title": "Digital byggesøknad i Malvik",
        "language": "nb",
        "municipalities": [{"name": "Malvik", "country": "NO", "region": "Trøndelag"}],
        "network": "DiguT",
        "topics": ["Byggesak"],
        "tags": ["byggesøknad", "ebyggesak"],
        "summary": "Vi tok i bruk digital byggesøknad.",
        "body": "## Bakgrunn\n\nMange søknader kom på papir.\n\n## Hva vi gjorde\n\n"
        "- Kartla prosessen\n- Kurset saksbehandlerne\n\n## Råd til andre\n\nStart med de enkle sakene.",
        "published": "2023-04-12",
        "status": "completed",
        "contact": {"name": "Per Plan", "role": "Byggesaksleder", "email": "per.plan@example.no"},
    }
    record.update(overrides)
    return record


def guide(external_id="guide-1", **overrides):
    record = {
        "external_id": external_id,
        "type": "guide",
        "parent": None,
        "title": "Slik innfører du SvarUt",
        "language": "nb",
        "topics": ["Digital post"],
        "tags": ["svarut"],
        "summary": "Trinn for trinn.",
        "body": "## Forberedelser\n\n1. Avklar roller\n2. Bestill tilgang\n\n- [ ] Avtale signert\n\n> Husk arkivet.",
        "published": "2024-01-05",
        "status": None,
    }
    record.update(overrides)
    return record


def write_jsonl(tmp_path, *lines, name="import.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def run(path, capsys, *args):
    try:
        call_command("import_content", str(path), *args)
        code = 0
    except CommandError as error:
        code = error.returncode
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def indexes(experience_index, wiki_index):
    return experience_index, wiki_index


def test_valid_lines_create_published_pages(tmp_path, capsys, indexes):
    code, out, _err = run(write_jsonl(tmp_path, experience(), guide()), capsys)
    assert code == 0
    assert "created 2, updated 0, skipped 0, failed 0" in out
    page = ExperiencePage.objects.get(external_id="exp-1")
    assert page.live and page.first_published_at.date().isoformat() == "2023-04-12"
    assert "Mange søknader kom på papir." in page.background
    assert "<li>Kurset saksbehandlerne</li>" in page.what_we_did
    assert "Start med de enkle sakene." in page.advice
    assert [m.name for m in page.municipalities.all()] == ["Malvik"]
    assert page.municipalities.first().region.name == "Trøndelag"
    assert page.network.name == "DiguT"
    assert sorted(t.name for t in page.tags.all()) == ["byggesøknad", "ebyggesak"]
    assert page.contact_email == "per.plan@example.no"
    guide_page = GuidePage.objects.get(external_id="guide-1")
    assert [block.block_type for block in guide_page.body] == ["heading", "steps", "checklist", "callout"]


def test_invalid_lines_are_reported_with_line_numbers_and_the_rest_imports(tmp_path, capsys, indexes):
    path = write_jsonl(
        tmp_path,
        experience("ok-1"),
        "{not json",
        {key: value for key, value in experience("no-title").items() if key != "title"},
        experience("bad-type", type="blogpost"),
        experience("bad-date", published="2023-02-30"),
        experience("bad-status", status="finished"),
        guide("ok-2"),
    )
    code, out, err = run(path, capsys)
    assert code == 1
    assert "line 2: Invalid JSON" in err
    assert "line 3: Missing field: title." in err
    assert "line 4: Unknown type" in err
    assert "line 5:" in err and "2023-02-30" in err
    assert "line 6:" in err and "status" in err
    assert "created 2, updated 0, skipped 0, failed 5" in err
    assert set(ExperiencePage.objects.values_list("external_id", flat=True)) == {"ok-1"}
    assert GuidePage.objects.filter(external_id="ok-2").exists()


def test_failed_line_leaves_nothing_half_written(tmp_path, capsys, indexes):
    record = experience(
        "half",
        municipalities=[{"name": "Nyby", "country": "NO", "region": "Trøndelag"}],
        network="Helt nytt nettverk",
        contact={"name": "X", "email": "not-an-email"},
    )
    code, _out, err = run(write_jsonl(tmp_path, record), capsys)
    assert code == 1 and "contact.email" in err
    assert not Municipality.objects.filter(name="Nyby").exists()
    assert not Network.objects.filter(name="Helt nytt nettverk").exists()
    assert not ExperiencePage.objects.filter(external_id="half").exists()


def test_reimport_updates_the_same_page(tmp_path, capsys, indexes):
    run(write_jsonl(tmp_path, experience(), guide()), capsys)
    page_id = ExperiencePage.objects.get(external_id="exp-1").pk
    changed = experience(title="Digital byggesøknad i Malvik, revidert", tags=["byggesøknad"])
    code, out, _err = run(write_jsonl(tmp_path, changed, guide(), name="again.jsonl"), capsys)
    assert code == 0
    assert "created 0, updated 2" in out
    assert ExperiencePage.objects.count() == 1 and GuidePage.objects.count() == 1
    page = ExperiencePage.objects.get(external_id="exp-1")
    assert page.pk == page_id
    assert page.title.endswith("revidert")
    assert [t.name for t in page.tags.all()] == ["byggesøknad"]


def test_create_only_leaves_existing_pages_alone(tmp_path, capsys, indexes):
    run(write_jsonl(tmp_path, experience()), capsys)
    code, out, _err = run(write_jsonl(tmp_path, experience(title="Endret")), capsys, "--create-only")
    assert code == 0 and "skipped 1" in out
    assert ExperiencePage.objects.get(external_id="exp-1").title == "Digital byggesøknad i Malvik"


def test_guides_build_a_tree_from_parent_ids(tmp_path, capsys, indexes):
    _experience_index, wiki_index = indexes
    path = write_jsonl(tmp_path, guide("top"), guide("child", parent="top", title="Underveileder"))
    assert run(path, capsys)[0] == 0
    child = GuidePage.objects.get(external_id="child")
    assert child.get_parent().specific.external_id == "top"
    missing_parent = write_jsonl(tmp_path, guide("orphan", parent="nowhere"), name="orphan.jsonl")
    code, _out, err = run(missing_parent, capsys)
    assert code == 1 and "line 1: Parent guide" in err


def test_related_reports_later_in_the_file_are_linked(tmp_path, capsys, indexes):
    path = write_jsonl(tmp_path, experience("a", related=["b"]), experience("b", title="Den andre"))
    assert run(path, capsys)[0] == 0
    page = ExperiencePage.objects.get(external_id="a")
    assert [link.related_page.external_id for link in page.related_links.all()] == ["b"]


def test_markup_in_import_is_shown_as_text_never_run(tmp_path, capsys, client, indexes):
    hostile = experience(
        "xss",
        title="<img src=x onerror=alert(1)>",
        body="## Bakgrunn\n\n<script>alert('x')</script> [klikk](javascript:alert(1))",
    )
    assert run(write_jsonl(tmp_path, hostile), capsys)[0] == 0
    page = ExperiencePage.objects.get(external_id="xss")
    assert "<script>" not in page.background
    assert "javascript:" not in page.background
    html = client.get(page.url).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "<img src=x onerror=alert(1)>" not in html


def test_unknown_municipality_names_are_created_in_the_language_country(tmp_path, capsys, indexes):
    record = experience("sv-1", language="sv", municipalities=["Timrå"], network=None)
    assert run(write_jsonl(tmp_path, record), capsys)[0] == 0
    assert Municipality.objects.get(name="Timrå").country == "SE"


def test_missing_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_content", str(tmp_path / "missing.jsonl"))


@pytest.mark.slow
def test_large_file_imports_with_progress_bar(tmp_path, capsys, indexes):
    lines = [experience(f"bulk-{n}", title=f"Rapport {n}") for n in range(210)]
    lines[100] = "garbage"
    code, _out, err = run(write_jsonl(tmp_path, *lines), capsys)
    assert code == 1
    assert "line 101: Invalid JSON" in err
    assert "Importing" in err and "210/210" in err  # the tqdm progress bar
    assert ExperiencePage.objects.count() == 209


def test_page_titles_are_kept_on_one_line_however_they_are_saved(experience_index, wiki_index):
    from experiences.factories import ExperiencePageFactory
    from wiki.factories import GuidePageFactory

    report = ExperiencePageFactory(parent=experience_index, title="SvarUt\ni Malvik")
    guide = GuidePageFactory(parent=wiki_index, title="Digital\r\npost\u2028for alle")
    report.title = "SvarUt i\rMalvik, etter ett år"
    report.save_revision().publish()
    report.refresh_from_db()
    guide.refresh_from_db()
    assert report.title == "SvarUt i Malvik, etter ett år"
    assert report.draft_title == "SvarUt i Malvik, etter ett år"
    assert guide.title == "Digital post for alle"


def test_an_imported_title_with_a_line_break_is_a_line_error_and_never_a_page(tmp_path, capsys, indexes):
    lines = [experience(title="Digital byggesøknad\r\ni Malvik"), experience("exp-2", title="SvarUt i Malvik")]
    code, out, err = run(write_jsonl(tmp_path, *lines), capsys)
    assert "line 1:" in out + err
    assert list(ExperiencePage.objects.values_list("title", flat=True)) == ["SvarUt i Malvik"]
