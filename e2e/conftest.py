"""A real Erfa server (e2e/server.py), a real search engine and a real Chromium for the browser tests."""

import os
import re
from pathlib import Path

import pytest

from .server import ARTIFACTS, running_server

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _unavailable(message):
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(f"{message} (under CI=true this is a failure)")


@pytest.fixture(scope="session")
def e2e_server():
    with running_server() as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Debian's build, never one Playwright downloads. --no-sandbox because CI runs as root.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def new_page(browser, server, language="nb", request=None):
    context = browser.new_context(locale={"nb": "nb-NO", "sv": "sv-SE", "en": "en-GB"}[language])
    context.add_cookies([{"name": "erfa_language", "value": language, "url": server.url}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    if request is not None:
        request.node.e2e_pages = [*getattr(request.node, "e2e_pages", []), page]
    return page


def save_evidence(request):
    """After a failed test, keep a screenshot, the HTML and the address of every page it used."""
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])
    for number, page in enumerate(getattr(request.node, "e2e_pages", [])):
        if page.is_closed():
            continue
        stem = ARTIFACTS / f"{name}-{number}"
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
            Path(f"{stem}.url").write_text(page.url, encoding="utf-8")
        except Exception as error:  # noqa: BLE001 - evidence is best effort; the failure itself is reported
            print(f"could not save evidence for {name}: {error}")


@pytest.fixture
def open_page(browser, e2e_server, request):
    """A factory for pages in a fresh browser context per UI language; saves evidence when the test fails."""
    contexts = []

    def factory(language="nb"):
        page = new_page(browser, e2e_server, language, request)
        contexts.append(page.context)
        return page

    yield factory
    save_evidence(request)
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def _pages_per_language(browser, e2e_server):
    pages = {}
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.fixture
def reused_page(_pages_per_language, browser, e2e_server, request):
    """One page per UI language kept for a whole module: for read-only checks, where a fresh context per check
    would only add time."""

    def get(language="nb"):
        if language not in _pages_per_language:
            _pages_per_language[language] = new_page(browser, e2e_server, language)
        page = _pages_per_language[language]
        request.node.e2e_pages = [*getattr(request.node, "e2e_pages", []), page]
        return page

    yield get
    save_evidence(request)
