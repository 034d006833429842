"""The XSS corpus in a real browser (Debian's Chromium through Playwright): no payload runs.

The HTML checks in test_xss.py prove the markup is escaped; this proves the browser agrees.
It runs with the Content-Security-Policy switched off, so escaping alone must hold, and
then with it on, where the public pages must raise no CSP violation at all.
"""

import os
import shutil
from urllib.parse import urlencode, urlsplit

import pytest

from django.test import override_settings

from core.facets import FACETS

from .test_xss import EXPERIENCE_FILTERS, make_content
from .xss import load_payloads

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TRAP = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__xss.push(name + "(" + args.join(",") + ")"); };
}
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + event.blockedURI);
});
"""

if not shutil.which(CHROMIUM):
    if os.environ.get("CI", "").lower() == "true":
        raise RuntimeError(f"Chromium is missing at {CHROMIUM}; `make install` installs it.")
    pytest.skip(f"Chromium is not installed at {CHROMIUM}", allow_module_level=True)

from playwright import sync_api  # noqa: E402 - pinned in requirements.txt; never skipped

# serialized_rollback brings back the rows migrations made (the default Locale) after other
# transactional tests flushed them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def browser_page(live_server):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context()
        context.add_init_script(TRAP)
        outside = []

        def keep_on_loopback(route):
            host = urlsplit(route.request.url).hostname
            if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "about:")):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", keep_on_loopback)
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        yield page, dialogs, outside
        browser.close()


def visit(page, url):
    page.goto(url, wait_until="load")
    page.wait_for_timeout(50)  # lets autofocus/ontoggle handlers fire
    return page.evaluate("[window.__xss, window.__csp]")


@pytest.fixture
def corpus_urls(home, experience_index, wiki_index, theme_index):
    # A sample (every sixth payload) keeps page creation short; test_xss.py renders them all.
    payloads = load_payloads()[::6]
    urls = []
    for index, payload in enumerate(payloads):
        objects = make_content(index, payload, experience_index, wiki_index, theme_index)
        everything = {name: payload for name in ("q", *FACETS)}
        urls += [
            objects["experience"].url,
            objects["guide"].url,
            objects["theme"].url,
            "/search/?" + urlencode(everything),
            "/erfaringer/?" + urlencode({name: payload for name in EXPERIENCE_FILTERS}),
        ]
    return urls + ["/", "/erfaringer/", "/tema/", "/wiki/", "/search/?q=alert", "/search/?q=script"]


def test_no_payload_runs_and_the_policy_blocks_nothing_on_public_pages(live_server, corpus_urls, browser_page):
    page, dialogs, outside = browser_page
    ran = {}
    # First without the policy: escaping alone must keep every payload inert.
    with override_settings(ERFA_CSP_ENABLED=False):
        for url in corpus_urls:
            executed, _violations = visit(page, live_server.url + url)
            if executed:
                ran[url] = executed
    assert not ran, f"payloads ran: {ran}"
    assert not dialogs
    assert not outside, f"pages reached outside the site: {outside}"
    # Then with it: the site's own scripts and styles load and nothing is blocked.
    violations = {}
    for url in corpus_urls:
        executed, blocked = visit(page, live_server.url + url)
        assert not executed, url
        if blocked:
            violations[url] = blocked
    assert not violations, violations
    page.goto(live_server.url + "/")
    assert page.evaluate("document.styleSheets.length") >= 4
    assert page.evaluate("typeof window.__xss") == "object"
