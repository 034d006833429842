"""A municipal employee signs in through the organisation's identity provider, in a real Chromium.

The provider is NAV's mock-oauth2-server (tests/accounts/oidc_server.py) playing Sundsvall's
Entra ID tenant; the e2e server is configured for it in e2e/conftest.py. The employee never
has a local password: what she may edit follows from the token's tenant and app role alone.
"""

import json
import re
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.accounts import oidc_server


@pytest.fixture(scope="module")
def provider():
    url = oidc_server.start()
    yield url
    oidc_server.stop()


def _report_ids(server, municipality):
    """Live experience reports of one municipality, from the public API."""
    query = urllib.parse.urlencode({"type": "experiences.ExperiencePage", "fields": "municipality_names", "limit": 50})
    with urllib.request.urlopen(server(f"/api/v2/pages/?{query}"), timeout=10) as response:
        items = json.load(response)["items"]
    return [item["id"] for item in items if item.get("municipality_names") == [municipality]]


def test_sundsvall_employee_signs_in_through_entra_and_edits_exactly_sundsvalls_reports(
    provider, open_page, e2e_server
):
    own = _report_ids(e2e_server, "Sundsvall")
    others = _report_ids(e2e_server, "Malvik")
    assert own and others

    page = open_page("sv")
    page.goto(e2e_server("/sv/accounts/login/"))
    page.get_by_role("link", name=re.compile("Microsoft Entra ID")).click()
    # The provider signs her in without a form (non-interactive) and sends her back to Erfa.
    page.wait_for_url(re.compile(r"^" + re.escape(e2e_server.url) + r"/"))
    page.goto(e2e_server("/admin/"))
    expect(page.locator("body")).not_to_contain_text("Logga in")
    assert "/admin/login/" not in page.url

    edit = page.goto(e2e_server(f"/admin/pages/{own[0]}/edit/"))
    assert edit.status == 200
    expect(page.locator("form#page-edit-form")).to_be_visible()

    refused = page.goto(e2e_server(f"/admin/pages/{others[0]}/edit/"))
    # Another municipality's report is out of her scope: refused as if it were not there.
    assert refused.status in (403, 404)
    expect(page.locator("form#page-edit-form")).to_have_count(0)
