"""The look in a real browser: a compact header on phones (search and menu behind buttons, all of it
reachable without JavaScript), one search box on the home page, compact count tables and side boxes
no taller than what they hold."""

import pytest

from .test_accessibility import NORWEGIAN_EXPERIENCE, SWEDISH_EXPERIENCE

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
LANGUAGES = ["nb", "sv"]
NETWORK = "/erfaringer/nettverk/digut/"
NAV_LINK = "nav.site-nav a"


def _top(page, selector):
    return page.locator(selector).first.evaluate("node => node.getBoundingClientRect().top")


@pytest.mark.parametrize(("language", "path"), [("nb", NORWEGIAN_EXPERIENCE), ("sv", SWEDISH_EXPERIENCE)])
def test_report_title_starts_near_the_top_of_a_phone_screen(reused_page, e2e_server, language, path):
    page = reused_page(language)
    page.set_viewport_size(PHONE)
    page.goto(e2e_server(path))
    assert _top(page, "main h1") <= 160


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_has_exactly_one_search_box(reused_page, e2e_server, language, width):
    page = reused_page(language)
    page.set_viewport_size(width)
    page.goto(e2e_server("/"))
    assert page.locator("form[role=search]").count() == 1
    assert page.locator("input[name=q]").count() == 1
    assert page.locator("main form[role=search]").is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_and_search_buttons_open_their_panels_on_a_phone(reused_page, e2e_server, language):
    page = reused_page(language)
    page.set_viewport_size(PHONE)
    page.goto(e2e_server(NORWEGIAN_EXPERIENCE))
    menu = page.locator("button[aria-controls=site-menu]")
    search = page.locator("button[aria-controls=site-search]")
    assert menu.get_attribute("aria-expanded") == "false"
    assert search.get_attribute("aria-expanded") == "false"
    assert not page.locator(NAV_LINK).first.is_visible()
    assert not page.locator("#header-search").is_visible()

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.locator(NAV_LINK).first.is_visible()
    assert page.locator(".language-switcher a").first.is_visible()

    search.click()
    assert search.get_attribute("aria-expanded") == "true"
    assert page.locator("#header-search").is_visible()
    # One panel at a time: opening search folds the menu.
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.locator(NAV_LINK).first.is_visible()

    search.click()
    assert search.get_attribute("aria-expanded") == "false"
    assert not page.locator("#header-search").is_visible()


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_without_javascript_the_menu_and_search_show(browser, e2e_server, width):
    context = browser.new_context(viewport=width, java_script_enabled=False, locale="nb-NO")
    try:
        page = context.new_page()
        page.goto(e2e_server(NORWEGIAN_EXPERIENCE))
        links = page.locator(NAV_LINK)
        assert links.count() == 4
        for index in range(links.count()):
            assert links.nth(index).is_visible()
        assert page.locator("#header-search").is_visible()
        assert page.locator(".language-switcher a").first.is_visible()
        # The buttons would do nothing without the script, so they do not show.
        assert not page.locator("[data-header-toggle]").first.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_wide_screens_show_menu_and_search_without_buttons(reused_page, e2e_server, width):
    page = reused_page("nb")
    page.set_viewport_size(width)
    page.goto(e2e_server(NORWEGIAN_EXPERIENCE))
    toggles_shown = page.locator("[data-header-toggle]").first.is_visible()
    menu_shown = page.locator(NAV_LINK).first.is_visible()
    # On a desktop, no buttons and the menu shows; on a phone, the buttons and the menu folded.
    assert (toggles_shown, menu_shown) == ((False, True) if width == DESKTOP else (True, False))


def test_header_wordmark_is_named_erfa_and_leads_home(reused_page, e2e_server):
    page = reused_page("nb")
    page.goto(e2e_server(NORWEGIAN_EXPERIENCE))
    brand = page.locator(".site-header__brand")
    assert page.get_by_role("link", name="Erfa – forside").count() == 1
    assert brand.get_attribute("href") == "/"
    assert brand.locator("svg[aria-hidden=true]").count() == 1


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_network_member_box_is_as_tall_as_its_content(reused_page, e2e_server, width):
    page = reused_page("nb")
    page.set_viewport_size(width)
    page.goto(e2e_server(NETWORK))
    box, content = page.locator("section.box[aria-labelledby=members-heading]").evaluate(
        """box => {
            const style = getComputedStyle(box);
            const first = box.firstElementChild.getBoundingClientRect();
            const last = box.lastElementChild.getBoundingClientRect();
            const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom)
                + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
            return [box.getBoundingClientRect().height, last.bottom - first.top + padding];
        }"""
    )
    assert box <= content + 32, f"the box is {box:.0f} px tall for {content:.0f} px of content"


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_region_table_rows_are_compact(reused_page, e2e_server, language, width):
    page = reused_page(language)
    page.set_viewport_size(width)
    page.goto(e2e_server("/"))
    heights = page.locator("table:has(a[href*='?region='])").evaluate(
        "table => [...table.tBodies[0].rows].map(row => row.getBoundingClientRect().height)"
    )
    assert len(heights) >= 3
    assert max(heights) <= 48, heights
