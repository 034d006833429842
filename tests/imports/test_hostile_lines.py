"""One bad import line is that line's error: the lines around it import and the summary is printed."""

import json

from experiences.models import ExperiencePage, Municipality, NationalSolution, Network
from imports.import_file import MAX_LINE_BYTES
from imports.importing import ContentImporter
from wiki.models import GuidePage

from .conftest import run_import
from .records import experience, guide, write_jsonl

LONG = "Lang" * 30  # 120 characters: more than any snippet name may hold


def run(path, capsys, *args):
    return run_import(path, capsys, "--no-progress", *args)


# (line, what the error must say); the good lines are 1, 2 and the last two.
HOSTILE = [
    (experience("surrogate-title", title="\ud800"), "lone surrogate U+D800"),
    (experience("surrogate-key", **{"\udfff": "x"}), "lone surrogate U+DFFF"),
    (experience("long-municipality-1", municipalities=[{"name": LONG, "country": "NO"}]), "longer than 100"),
    (experience("long-municipality-2", municipalities=[{"name": LONG, "country": "NO"}]), "longer than 100"),
    (experience("long-municipality-3", municipalities=[LONG]), "longer than 100"),
    (experience("long-network-1", network=LONG), "longer than 100"),
    (experience("long-network-2", network=LONG), "longer than 100"),
    (experience("long-solution-1", national_solutions=[LONG]), "longer than 100"),
    (experience("long-solution-2", national_solutions=[LONG]), "longer than 100"),
    (experience("newline-title", title="Første linje\nAndre linje"), "single line"),
    (experience("nul-body", body="Bakgrunn\x00skjult"), "control character U+0000"),
    (experience("control-tag", tags=["ok", "bell\x07"]), "control character U+0007"),
    (experience("bad-date", published="2023-13-45"), "2023-13-45"),
    (experience("ancient-date", published="0001-01-01"), "from 1900 to 2100"),
    (experience("status-type", status=5), "status"),
    (experience("language-type", language=["nb"]), "Unknown language"),
    (experience("related-type", related="other"), "“related” must be a list"),
    (experience("email-type", contact={"name": "Per", "email": 5}), "contact.email"),
    (guide("interval-bool", review_interval_months=True), "review_interval_months"),
    (guide("parent-type", parent=5), "“parent” must be"),
    (b'{"external_id": "latin-1", "title": "Bod\xf8"}', "not UTF-8"),
    (b"x" * (MAX_LINE_BYTES + 10), "longer than 4 MB"),
    ("[" * 100_000, "Invalid JSON"),
    ('{"external_id": ' + "9" * 5000 + "}", "Invalid JSON"),
    (json.dumps([experience("array")]), "not an array"),
]


def test_hostile_lines_are_reported_per_line_and_the_good_lines_import(tmp_path, capsys, indexes):
    # A line separator inside a JSON string is valid JSON and must not split the line.
    separator_body = json.dumps(experience("good-separator", body="Først\u2028så"), ensure_ascii=False)
    lines = [experience("good-first"), separator_body, *(line for line, _reason in HOSTILE)]
    lines += [guide("good-guide"), experience("good-last", municipalities=["Malvik"])]
    # A byte order mark, as editors on Windows write it, is not part of the first line.
    path = write_jsonl(tmp_path / "hostile.jsonl", *lines, prefix=b"\xef\xbb\xbf")

    code, out, err = run(path, capsys)

    assert code == 1
    for offset, (_line, reason) in enumerate(HOSTILE):
        number = offset + 3
        reported = [message for message in err.splitlines() if message.startswith(f"line {number}: ")]
        assert reported and reason in reported[0], (number, reason, reported)
    assert f"created 4, updated 0, skipped 0, failed {len(HOSTILE)}" in err
    assert "Traceback" not in err
    assert set(ExperiencePage.objects.values_list("external_id", flat=True)) == {
        "good-first",
        "good-separator",
        "good-last",
    }
    assert GuidePage.objects.filter(external_id="good-guide", live=True).exists()
    assert "så" in ExperiencePage.objects.get(external_id="good-separator").background
    assert not Municipality.objects.filter(name__startswith="Lang").exists()
    assert not Network.objects.filter(name__startswith="Lang").exists()
    assert not NationalSolution.objects.filter(name__startswith="Lang").exists()


def test_an_unexpected_failure_inside_a_line_is_that_lines_error_and_is_rolled_back(
    tmp_path, capsys, indexes, monkeypatch
):
    original = ContentImporter._apply_sections

    def failing(self, page, body):
        if page.external_id == "breaks":
            raise RuntimeError("disk full")
        return original(self, page, body)

    monkeypatch.setattr(ContentImporter, "_apply_sections", failing)
    breaking = experience("breaks", municipalities=[{"name": "Nyby", "country": "NO"}], network="Nytt nettverk")
    path = write_jsonl(tmp_path / "import.jsonl", experience("before"), breaking, experience("after"))

    code, _out, err = run(path, capsys)

    assert code == 1
    assert "line 2: Unexpected error, nothing from this line was saved: RuntimeError('disk full')" in err
    assert "created 2, updated 0, skipped 0, failed 1" in err
    assert set(ExperiencePage.objects.values_list("external_id", flat=True)) == {"before", "after"}
    assert not Municipality.objects.filter(name="Nyby").exists()
    assert not Network.objects.filter(name="Nytt nettverk").exists()


def test_a_file_that_is_not_json_lines_is_refused_once_not_line_by_line(tmp_path, capsys, db):
    path = tmp_path / "reports.csv"
    path.write_text("".join(f"report-{n};Digital byggesøknad;Malvik\n" for n in range(50)))

    code, _out, err = run(path, capsys)

    assert code == 1
    assert "does not look like JSON Lines" in err
    assert "line 10: Invalid JSON" in err and "line 11: " not in err
    assert "created 0, updated 0, skipped 0, failed 10" in err


def test_a_bad_line_later_in_a_json_lines_file_does_not_stop_the_file(tmp_path, capsys, indexes):
    lines = [experience("first"), *(["not json"] * 12), experience("last")]
    code, _out, err = run(write_jsonl(tmp_path / "import.jsonl", *lines), capsys)
    assert code == 1
    assert "line 13: Invalid JSON" in err and "does not look like JSON Lines" not in err
    assert ExperiencePage.objects.filter(external_id="last").exists()
