"""One slug rule for admin-made and imported pages; the sign-in page's ways forward; no Gravatar."""

import pytest

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from experiences.models import ExperiencePage


def new_report(experience_index, title, slug="", live=True):
    # A live page is fully validated on save, as the admin's form validates every page.
    page = ExperiencePage(title=title, slug=slug, summary="Kort.", live=live)
    experience_index.add_child(instance=page)
    return page


def test_a_report_made_in_the_admin_gets_the_same_transliterated_slug_as_an_import(experience_index):
    page = new_report(experience_index, "Digital post i Ørland", slug="digital-post-i-ørland")
    assert page.slug == "digital-post-i-orland"
    assert new_report(experience_index, "Åfjord og Ærø").slug == "afjord-og-aero"


def test_a_second_report_with_a_drafts_title_says_in_the_readers_language_that_a_draft_exists(experience_index):
    draft = new_report(experience_index, "Ny rapport fra Ørland", live=False)
    assert draft.slug == "ny-rapport-fra-orland"
    with translation.override("nb"), pytest.raises(ValidationError) as error:
        # The admin fills in the slug from the title as the contributor types.
        new_report(experience_index, "Ny rapport fra Ørland", slug="ny-rapport-fra-ørland")
    message = " ".join(error.value.message_dict["slug"])
    assert f"/admin/pages/{draft.pk}/edit/" in message
    assert "utkast" in message.lower()


def test_sign_in_page_offers_password_reset_and_how_to_get_an_account(english, db):
    html = english.get("/accounts/login/").content.decode()
    assert 'href="/admin/password-reset/"' in html or 'href="/admin/password_reset/"' in html
    assert "How do I get an account?" in html
    assert f"mailto:{settings.ERFA_ACCOUNTS_CONTACT}" in html


def test_the_admin_does_not_ask_gravatar_for_avatars():
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
