"""What readers, contributors and editors do, in a real Chromium against a real server and search engine."""

import json
import re
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from playwright.sync_api import expect

from accounts.roles import WORKFLOW_NAME

from .roles import CONTRIBUTOR, EDITOR
from .test_accessibility import sign_in_to_admin

THEME = "/tema/digital-post-og-svarut/"


def _api(server, path):
    with urllib.request.urlopen(server(path), timeout=10) as response:
        return json.load(response)


def _page_id(server, page_type, slug):
    query = urllib.parse.urlencode({"type": page_type, "slug": slug})
    return _api(server, f"/api/v2/pages/?{query}")["items"][0]["id"]


def test_reader_searches_in_swedish_narrows_to_norway_and_opens_a_norwegian_report(open_page, e2e_server):
    page = open_page("sv")
    page.goto(e2e_server("/"))
    box = page.locator("#home-search")
    box.fill("digitala bygglovsansökningar")
    box.press("Enter")  # no suggestion is active, so Enter submits what was typed
    page.wait_for_url(re.compile(r"/search/\?"))
    results = page.locator("ol.card-list > li")
    expect(results.first).to_be_visible()
    unfiltered = results.count()

    country = page.locator("details", has=page.locator("input[name=country]"))
    country.locator("summary").click()
    country.locator("input[name=country][value=NO]").check()
    page.locator("section.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"country=NO"))

    expect(results.first).to_be_visible()
    assert results.count() <= unfiltered
    # Every hit is now Norwegian (bokmål or nynorsk), found from a Swedish query.
    languages = results.locator("h3 a").evaluate_all("links => links.map(a => a.lang)")
    assert languages and set(languages) <= {"nb", "nn"}, languages

    first = results.locator("h3 a").first
    title = first.inner_text()
    first.click()
    heading = page.locator("main h1")
    expect(heading).to_have_text(title)
    assert heading.get_attribute("lang") in {"nb", "nn"}
    assert page.get_attribute("html", "lang") == "sv"


def test_keyboard_only_search_with_autocomplete(open_page, e2e_server):
    page = open_page("nb")
    page.goto(e2e_server("/erfaringer/"))
    combobox = page.locator("#header-search")
    for _ in range(10):
        if combobox.evaluate("input => input === document.activeElement"):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("the header search box was not reachable with Tab")

    page.keyboard.type("svarut", delay=40)
    expect(combobox).to_have_attribute("aria-expanded", "true")
    listbox = page.locator("#header-search-listbox")
    expect(listbox).to_be_visible()
    assert combobox.get_attribute("aria-activedescendant") is None

    page.keyboard.press("ArrowDown")
    active_id = combobox.get_attribute("aria-activedescendant")
    active = page.locator(f"#{active_id}")
    expect(active).to_have_attribute("aria-selected", "true")
    expect(active).to_have_attribute("role", "option")
    expect(page.locator("#header-search-status")).not_to_be_empty()
    suggestion = active.inner_text()

    page.keyboard.press("Enter")
    page.wait_for_load_state("domcontentloaded")
    # A title suggestion opens that page; a name suggestion searches for it.
    body = page.locator("main").inner_text()
    assert suggestion.split("\n")[0] in body or suggestion.split("\n")[-1] in body, (suggestion, page.url)
    assert page.url != e2e_server("/erfaringer/")


def test_editor_adds_a_pick_to_a_theme_and_readers_see_it(open_page, e2e_server):
    pick = "Samordnet opptak i barnehage med regelstyrt fordeling i Bodø"
    public = open_page("en")
    public.goto(e2e_server(THEME))
    picks = public.locator("section[aria-labelledby=picked-experiences-heading]")
    assert picks.count() == 0 or pick not in picks.inner_text()

    page = open_page("en")
    sign_in_to_admin(page, e2e_server, EDITOR)
    theme_id = _page_id(e2e_server, "wiki.ThemePage", THEME.strip("/").rsplit("/", 1)[-1])
    page.goto(e2e_server(f"/admin/pages/{theme_id}/edit/"))
    page.get_by_role("button", name=re.compile("Add hand-picked experiences", re.I)).click()
    page.locator("#id_picked_experiences-FORMS [data-chooser-action-choose]:visible").last.click()
    modal = page.locator(".modal-dialog:visible")
    modal.locator("#id_q").fill("regelstyrt fordeling")
    modal.get_by_role("link", name=re.compile("Samordnet opptak i barnehage")).click()
    expect(modal).to_be_hidden()
    _publish(page)

    public.goto(e2e_server(THEME))
    expect(picks).to_contain_text(pick)


def _publish(page):
    page.locator("[data-w-dropdown-target=toggle], .dropdown-toggle").last.click()
    page.get_by_role("button", name=re.compile(r"^Publish$")).click()
    expect(page.locator(".messages .success, [role=status] .success, .w-message--success, .success")).not_to_have_count(
        0
    )


def test_contributor_submits_a_report_with_an_attachment_and_an_editor_approves_it(open_page, e2e_server, tmp_path):
    marker = uuid.uuid4().hex[:8]
    title = f"Digital signering i Malvik e2e{marker}"
    attachment = Path(tmp_path) / f"sluttrapport-{marker}.txt"
    attachment.write_text("Sluttrapport for prosjektet.\n", encoding="utf-8")
    index_id = _api(e2e_server, "/api/v2/pages/?type=experiences.ExperienceIndexPage")["items"][0]["id"]

    # The contributor writes the report, attaches a document and submits it for moderation.
    page = open_page("en")
    sign_in_to_admin(page, e2e_server, CONTRIBUTOR)
    page.goto(e2e_server(f"/admin/pages/add/experiences/experiencepage/{index_id}/"))
    page.fill("#id_title", title)
    page.fill("#id_summary", f"Vi innførte elektronisk signering av avtaler ({marker}) og sparte mye tid.")
    page.get_by_role("checkbox", name="Malvik").check()
    page.get_by_role("button", name=re.compile("Add attachments", re.I)).click()
    page.locator("#id_attachments-FORMS [data-chooser-action-choose]:visible").last.click()
    modal = page.locator(".modal-dialog:visible")
    modal.get_by_role("tab", name=re.compile("Upload", re.I)).click()
    modal.locator("input[type=file]").set_input_files(str(attachment))
    modal.locator("input[name$=title]").fill(f"Sluttrapport {marker}")
    modal.locator("form button[type=submit], form input[type=submit]").last.click()
    expect(modal).to_be_hidden()
    page.locator("[data-w-dropdown-target=toggle], .dropdown-toggle").last.click()
    # Wagtail names the button after the workflow on the experience index: the roles' "Moderation".
    page.get_by_role("button", name=re.compile(rf"^\s*Submit to {WORKFLOW_NAME}\s*$")).click()
    success = page.locator(".messages li.success")
    expect(success).to_contain_text("submitted for moderation")
    draft_link = success.locator("a[href*=view_draft]").get_attribute("href")
    page_id = int(re.search(r"/admin/pages/(\d+)/", draft_link).group(1))

    # Not public yet.
    assert _search_urls(e2e_server, marker) == []

    # The editor approves the workflow's only task (ScopedGroupApprovalTask's "Approve", which
    # Wagtail labels "Approve and Publish" on a final task) from the edit screen, which publishes it.
    editor = open_page("en")
    sign_in_to_admin(editor, e2e_server, EDITOR)
    editor.goto(e2e_server(f"/admin/pages/{page_id}/edit/"))
    editor.locator("[data-w-dropdown-target=toggle], .dropdown-toggle").last.click()
    editor.get_by_role("button", name=re.compile(r"^\s*Approve and Publish\s*$")).click()
    expect(editor.locator(".messages li.success")).to_contain_text("has been updated")

    # Readers find it in search, and its attachment downloads.
    reader = open_page("nb")
    deadline = time.monotonic() + 20
    while True:
        reader.goto(e2e_server(f"/search/?q=e2e{marker}"))
        link = reader.locator("ol.card-list h3 a", has_text=title)
        if link.count() or time.monotonic() > deadline:
            break
        time.sleep(1)
    expect(link).to_have_count(1)
    link.click()
    expect(reader.locator("main h1")).to_have_text(title)
    # Plain text is one of the types served inline (WAGTAILDOCS_INLINE_CONTENT_TYPES), so the
    # browser shows the document rather than saving it.
    with reader.expect_response(re.compile(rf"/documents/\d+/sluttrapport-{marker}")) as served:
        reader.get_by_role("link", name=f"Sluttrapport {marker}").click()
    assert served.value.ok, served.value.status
    expect(reader.locator("body")).to_contain_text("Sluttrapport for prosjektet.")


def _search_urls(server, marker):
    return [result["url"] for result in _api(server, f"/api/search/?q=e2e{marker}")["results"]]


def test_language_menu_switches_by_keyboard_without_javascript(browser, e2e_server):
    # No JavaScript at all: the menu is plain links, so Tab and Enter are all a reader needs.
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    try:
        page = context.new_page()
        page.goto(e2e_server("/erfaringer/"))
        swedish = page.locator('nav.language-switcher a[hreflang="sv"]')
        for _ in range(15):
            if swedish.evaluate("a => a === document.activeElement"):
                break
            page.keyboard.press("Tab")
        else:
            raise AssertionError("the Swedish language link was not reachable with Tab")
        focus = swedish.evaluate(
            "a => { const s = getComputedStyle(a); return [a.matches(':focus-visible'), s.outlineStyle, s.boxShadow]; }"
        )
        assert focus[0] and (focus[1] != "none" or focus[2] != "none"), focus

        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/sv/erfaringer/$"))
        assert page.get_attribute("html", "lang") == "sv"
        expect(page.locator('nav.language-switcher a[aria-current="true"]')).to_have_attribute("lang", "sv")
        # The choice is remembered where an address names no language.
        page.goto(e2e_server("/"))
        assert page.get_attribute("html", "lang") == "sv"
    finally:
        context.close()
