"""WCAG 2.1 A/AA with axe-core on every public page type, the error pages, sign-in and the
admin screens contributors use, in bokmål and Swedish: no serious or critical violation."""

import json
import urllib.parse
import urllib.request

import pytest

from .axe import WAGTAIL_ADMIN_EXCLUSIONS, blocking_violations
from .roles import CONTRIBUTOR

LANGUAGES = ["nb", "sv"]
NORWEGIAN_EXPERIENCE = "/erfaringer/innforing-av-svarut-i-malvik-fra-printerko-til-digital-utsending/"
SWEDISH_EXPERIENCE = "/erfaringer/digitala-bygglovsansokningar-i-sundsvall-e-tjanst-kopplad-till-arendes/"
GUIDE = "/wiki/kom-i-gang-med-digitale-innbyggertjenester/slik-kommer-du-i-gang-med-svarut/"

PUBLIC_PAGES = {
    "home": ("/", 200),
    "experience index with filters": ("/erfaringer/?country=SE&topic=building-permits&status=completed", 200),
    "experience (nb content)": (NORWEGIAN_EXPERIENCE, 200),
    "experience (sv content)": (SWEDISH_EXPERIENCE, 200),
    "comparison": (None, 200),
    "municipality list": ("/erfaringer/kommuner/", 200),
    "municipality": ("/erfaringer/kommune/malvik/", 200),
    "network": ("/erfaringer/nettverk/digut/", 200),
    "wiki index": ("/wiki/", 200),
    "guide": (GUIDE, 200),
    "guide history": (GUIDE + "historikk/", 200),
    "theme index": ("/tema/", 200),
    "theme": ("/tema/digital-post-og-svarut/", 200),
    "standard page": ("/om-erfa/", 200),
    "accessibility statement": ("/tilgjengelighet/", 200),
    "search results with facets": ("/search/?q=bygglov&country=SE", 200),
    "search without results": ("/search/?q=qqxxzzvv", 200),
    "not found": ("/finnes-ikke/", 404),
    "server error": ("/e2e-server-error/", 500),
    "sign-in": ("/accounts/login/", 200),
    "admin sign-in": ("/admin/login/", 200),
}


def _page_ids(server, *paths):
    ids = []
    for path in paths:
        slug = path.rstrip("/").rsplit("/", 1)[-1]
        query = urllib.parse.urlencode({"type": "experiences.ExperiencePage", "slug": slug})
        with urllib.request.urlopen(server(f"/api/v2/pages/?{query}"), timeout=10) as response:
            ids.append(json.load(response)["items"][0]["id"])
    return ids


def _path(server, name):
    path = PUBLIC_PAGES[name][0]
    if path is None:
        ids = _page_ids(server, NORWEGIAN_EXPERIENCE, SWEDISH_EXPERIENCE)
        path = "/erfaringer/sammenlign/?" + urllib.parse.urlencode([("ids", i) for i in ids])
    return path


def sign_in_to_admin(page, server, person):
    page.goto(server("/admin/login/"))
    page.fill("#id_username", person["username"])
    page.fill("#id_password", person["password"])
    page.click("button[type=submit]")
    page.wait_for_url(server("/admin/"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_page_has_no_serious_accessibility_violations(reused_page, e2e_server, name, language):
    page = reused_page(language)
    response = page.goto(e2e_server(_path(e2e_server, name)))
    assert response.status == PUBLIC_PAGES[name][1]
    assert page.get_attribute("html", "lang") == language
    assert blocking_violations(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_contributor_admin_screens_have_no_serious_accessibility_violations(open_page, e2e_server, language):
    page = open_page(language)
    sign_in_to_admin(page, e2e_server, CONTRIBUTOR)
    with urllib.request.urlopen(e2e_server("/api/v2/pages/?type=experiences.ExperienceIndexPage"), timeout=10) as r:
        index_id = json.load(r)["items"][0]["id"]
    experience_id = _page_ids(e2e_server, NORWEGIAN_EXPERIENCE)[0]
    screens = {
        "dashboard": "/admin/",
        "create experience": f"/admin/pages/add/experiences/experiencepage/{index_id}/",
        "edit experience": f"/admin/pages/{experience_id}/edit/",
    }
    problems = {}
    for screen, path in screens.items():
        response = page.goto(e2e_server(path))
        assert response.status == 200, screen
        assert page.get_attribute("html", "lang") == language, screen
        found = blocking_violations(page, WAGTAIL_ADMIN_EXCLUSIONS)
        if found:
            problems[screen] = found
    assert problems == {}, "\n".join(f"{screen}: {line}" for screen, lines in problems.items() for line in lines)


@pytest.mark.parametrize(
    ("ui_language", "path", "content_language"),
    [("nb", SWEDISH_EXPERIENCE, "sv"), ("sv", NORWEGIAN_EXPERIENCE, "nb"), ("sv", GUIDE, "nb")],
)
def test_content_in_another_language_than_the_ui_is_marked_with_its_own_lang(
    reused_page, e2e_server, ui_language, path, content_language
):
    page = reused_page(ui_language)
    page.goto(e2e_server(path))
    assert page.get_attribute("html", "lang") == ui_language
    # What screen readers must read in the content's language: the title, the summary and the text.
    for selector in ("main h1", "main .lead", "main .rich-text"):
        block = page.locator(selector).first
        assert block.evaluate("node => node.closest('[lang]').lang") == content_language, selector
    # The interface around it stays in the UI language.
    assert page.locator("header.site-header").evaluate("node => node.closest('[lang]').lang") == ui_language
