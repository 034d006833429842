"""The bokmål admin is not half English: every Wagtail message that Wagtail's Swedish catalogue
translates has a bokmål translation as Django resolves it, Wagtail's own nb catalogue first and
ours (LOCALE_PATHS, which wins) supplementing what it leaves out."""

import json
import re
from pathlib import Path

import pytest

from django.urls import reverse
from django.utils import translation

import wagtail

from tests.i18n.catalogue import read_po

WAGTAIL = Path(wagtail.__file__).parent
# Wagtail's catalogues for the apps Erfa installs (config/settings/base.py).
CATALOGUES = [
    "admin",
    ".",
    "users",
    "images",
    "documents",
    "snippets",
    "contrib/redirects",
    "contrib/search_promotions",
]
# Where the bokmål word is the English one (Wagtail's nb catalogue agrees where it has them).
SAME_IN_BOKMAL = {
    "Wagtail admin",
    "Administrator",
    "Type",
    "Import",
    "Status: ",
    "%(range_start)s - %(range_end)s",
    "Minimum",
    "ID",
    "Status %(status)s",
    "%(status_display)s %(task_name)s %(started_at)s",
    "Wagtail API v2",
    "Wagtail routablepage",
    "system",
}


def _swedish_messages(catalogue):
    path = WAGTAIL / catalogue / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    # Where the Swedish is the English word too, nothing is missing in bokmål either.
    return [entry for entry in read_po(path) if entry.translated and entry.msgstr[0] != entry.msgid]


def _bokmal(entry, number):
    with translation.override("nb"):
        if entry.msgid_plural:
            if entry.context:
                return translation.npgettext(entry.context, entry.msgid, entry.msgid_plural, number)
            return translation.ngettext(entry.msgid, entry.msgid_plural, number)
        if entry.context:
            return translation.pgettext(entry.context, entry.msgid)
        return translation.gettext(entry.msgid)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda name: "core" if name == "." else name)
def test_every_wagtail_message_translated_to_swedish_is_translated_to_bokmal(catalogue):
    untranslated = []
    for entry in _swedish_messages(catalogue):
        if entry.msgid in SAME_IN_BOKMAL:
            continue
        sources = {entry.msgid, entry.msgid_plural}
        if any(_bokmal(entry, number) in sources for number in (1, 2)):
            untranslated.append(entry.msgid)
    assert untranslated == [], f"{len(untranslated)} of Wagtail's {catalogue} messages are English in bokmål"


def test_wagtail_admin_scripts_get_every_message_translated_to_swedish_in_bokmal(client, django_user_model):
    """The strings Wagtail's admin scripts show (comments, StreamField, the sidebar), as its own
    catalogue view serves them: LOCALE_PATHS' djangojs.po fills what Wagtail's nb catalogue leaves."""
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-admin-123")
    client.force_login(user)
    client.cookies["erfa_language"] = "nb"
    script = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    path = WAGTAIL / "admin" / "locale" / "sv" / "LC_MESSAGES" / "djangojs.po"
    swedish = [entry for entry in read_po(path) if entry.translated and entry.msgstr[0] != entry.msgid]
    untranslated = [
        entry.msgid
        for entry in swedish
        if entry.msgid not in SAME_IN_BOKMAL
        and catalogue.get(entry.msgid) in (None, entry.msgid, [entry.msgid, entry.msgid_plural])
    ]
    assert untranslated == [], f"{len(untranslated)} of Wagtail's admin script messages are English in bokmål"
