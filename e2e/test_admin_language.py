"""A Swedish contributor (Swedish in their Wagtail account preferences) writes a report in the admin
and meets no bokmål and none of the English source strings that have a Swedish translation: on the
admin home, the page explorer, the create form, after saving a draft, after submitting it for
moderation and in the page's history.

The strings come from our catalogues, Wagtail's (admin, core, users, snippets, documents,
images) and django-taggit's: Django falls back to the site language, bokmål, for any message Swedish lacks, so a gap in
either Swedish catalogue shows as bokmål here.
"""

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

import taggit
import wagtail

from tests.i18n.catalogue import project_catalogue, read_po

from .roles import SWEDISH_CONTRIBUTOR, SWEDISH_CONTRIBUTOR_MUNICIPALITY
from .test_accessibility import sign_in_to_admin
from .test_journeys import _api
from .test_ui_language import CHROME_TEXTS, _matcher, _wrong_texts

WAGTAIL = Path(wagtail.__file__).parent
# The packages whose strings the contributor's screens show; django-taggit has no Swedish catalogue.
PACKAGES = [WAGTAIL / name for name in ("admin", ".", "users", "snippets", "documents", "images")]
PACKAGES.append(Path(taggit.__file__).parent)


def _catalogues(language):
    paths = [package / "locale" / language / "LC_MESSAGES" / "django.po" for package in PACKAGES]
    return project_catalogue(language) + [entry for path in paths if path.exists() for entry in read_po(path)]


@pytest.fixture(scope="module")
def swedish_admin_strings():
    """(wrong, right): what the Swedish admin must not show, and the texts that are Swedish whatever
    else they equal."""
    nb = [entry for entry in _catalogues("nb") if entry.translated]
    sv = [entry for entry in _catalogues("sv") if entry.translated]
    swedish = {}
    for entry in sv:
        swedish.setdefault((entry.context, entry.msgid), set()).update(entry.msgstr)
    wrong = set()
    for entry in nb:
        sources = {entry.msgid, entry.msgid_plural}
        for form in entry.msgstr:
            if form not in sources and form not in swedish.get((entry.context, entry.msgid), ()):
                wrong.add(("bokmål", form))
    for entry in sv:
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            if source not in entry.msgstr:
                wrong.add(("English", source))
    right = {form for entry in sv for form in entry.msgstr}
    return [(kind, text, pattern) for kind, text in wrong if (pattern := _matcher(text))], right


def _check(page, swedish_admin_strings, screen):
    wrong, right = swedish_admin_strings
    assert page.get_attribute("html", "lang") == "sv", screen
    return [f"{screen}: {problem}" for problem in _wrong_texts(page.evaluate(CHROME_TEXTS), wrong, right)]


def test_swedish_contributor_writes_a_report_in_a_swedish_admin(open_page, e2e_server, swedish_admin_strings):
    index_id = _api(e2e_server, "/api/v2/pages/?type=experiences.ExperienceIndexPage")["items"][0]["id"]
    marker = uuid.uuid4().hex[:8]
    problems = []
    # A bokmål browser: the account's preference, not the browser, makes the admin Swedish.
    page = open_page("nb")
    sign_in_to_admin(page, e2e_server, SWEDISH_CONTRIBUTOR)
    problems += _check(page, swedish_admin_strings, "admin home")

    page.goto(e2e_server(f"/admin/pages/{index_id}/"))
    problems += _check(page, swedish_admin_strings, "page explorer")

    page.goto(e2e_server(f"/admin/pages/add/experiences/experiencepage/{index_id}/"))
    problems += _check(page, swedish_admin_strings, "create report")
    page.fill("#id_title", f"Digital signering i Sundsvall e2e{marker}")
    page.fill("#id_summary", f"Vi införde elektronisk underskrift av avtal ({marker}).")
    page.get_by_role("checkbox", name=SWEDISH_CONTRIBUTOR_MUNICIPALITY).check()
    page.get_by_role("button", name=re.compile(r"^\s*Spara utkast\s*$")).click()
    expect(page.locator(".messages li.success")).to_be_visible()
    page_id = int(re.search(r"/admin/pages/(\d+)/edit/", page.url).group(1))
    problems += _check(page, swedish_admin_strings, "draft saved")

    page.locator("[data-w-dropdown-target=toggle], .dropdown-toggle").last.click()
    page.get_by_role("button", name=re.compile(r"^\s*Lämna in till ")).click()
    expect(page.locator(".messages li.success")).to_be_visible()
    problems += _check(page, swedish_admin_strings, "submitted for moderation")

    page.goto(e2e_server(f"/admin/pages/{page_id}/history/"))
    expect(page.locator("table.listing")).to_be_visible()
    problems += _check(page, swedish_admin_strings, "history")
    assert problems == [], "\n".join(problems)
