"""Following a search: saving it from the search page, the digest of its new matches, erasure."""

import datetime
from io import StringIO

import pytest

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

from core import personal_data
from experiences.factories import ExperiencePageFactory, MunicipalityFactory
from subscriptions.models import DigestSettings, SavedSearch

SAVE = reverse("subscriptions:save_search")


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def test_a_signed_in_reader_saves_a_search_with_its_filters(signed_in, reader, experience_index):
    MunicipalityFactory(name="Malvik", slug="malvik")
    response = signed_in.post(SAVE, {"q": "  digital   post ", "municipality": "malvik"})
    assert response.status_code == 302
    [saved] = SavedSearch.objects.filter(user=reader)
    assert (saved.query, saved.filters) == ("digital post", {"municipality": ["malvik"]})
    # Saving the same search again keeps one.
    signed_in.post(SAVE, {"q": "digital post", "municipality": "malvik"})
    assert SavedSearch.objects.filter(user=reader).count() == 1
    page = signed_in.get(reverse("subscriptions:manage"))
    assert "digital post" in page.content.decode()


def test_the_search_page_offers_to_follow_the_search_to_signed_in_readers_only(client, reader, experience_index):
    assert SAVE not in client.get(reverse("search"), {"q": "SvarUt"}).content.decode()
    client.force_login(reader)
    assert SAVE in client.get(reverse("search"), {"q": "SvarUt"}).content.decode()


@pytest.mark.parametrize(
    "data",
    [{"q": ""}, {"q": "x" * 501}, {"q": "SvarUt", "page_size": "0"}, {"q": "SvarUt", "sort": "oldest"}],
)
def test_bad_saved_searches_are_refused_with_a_message(signed_in, reader, data):
    response = signed_in.post(SAVE, data)
    assert response.status_code == 400
    assert response.content
    assert not SavedSearch.objects.exists()


def test_anonymous_readers_cannot_save_searches(client, db):
    response = client.post(SAVE, {"q": "SvarUt"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not SavedSearch.objects.exists()


def test_a_reader_deletes_only_their_own_saved_searches(signed_in, reader, django_user_model):
    other = django_user_model.objects.create_user("other", email="other@example.org", password="pw-other-123")
    theirs = SavedSearch.objects.create(user=other, query="SvarUt")
    mine = SavedSearch.objects.create(user=reader, query="SvarUt")
    assert signed_in.post(reverse("subscriptions:delete_saved_search", args=[theirs.pk])).status_code == 404
    assert signed_in.post(reverse("subscriptions:delete_saved_search", args=[mine.pk])).status_code == 302
    assert list(SavedSearch.objects.all()) == [theirs]


def run_digests():
    call_command("send_digests", "--frequency", "daily", stdout=StringIO())


def test_the_digest_lists_only_new_public_matches_of_a_saved_search(reader, experience_index):
    settings = DigestSettings.objects.create(user=reader, frequency="daily")
    DigestSettings.objects.filter(pk=settings.pk).update(created=timezone.now() - datetime.timedelta(days=1))
    SavedSearch.objects.create(user=reader, query="trygghetsalarm")
    old = ExperiencePageFactory(parent=experience_index, title="Gammel trygghetsalarm i Voss")
    old.first_published_at = timezone.now() - datetime.timedelta(days=30)
    old.save()
    ExperiencePageFactory(parent=experience_index, title="Ny trygghetsalarm i Steinkjer")
    internal = ExperiencePageFactory(parent=experience_index, title="Intern trygghetsalarm i Hemmelvik")
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
    ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik")

    run_digests()
    [message] = mail.outbox
    assert "Ny trygghetsalarm i Steinkjer" in message.body
    for absent in ("Gammel", "Intern", "Hemmelvik", "SvarUt"):
        assert absent not in message.body

    # Only what is new since: the next run has nothing to send, until a new match appears.
    run_digests()
    assert len(mail.outbox) == 1
    ExperiencePageFactory(parent=experience_index, title="Trygghetsalarm i Levanger")
    run_digests()
    assert len(mail.outbox) == 2
    assert "Trygghetsalarm i Levanger" in mail.outbox[1].body
    assert "Steinkjer" not in mail.outbox[1].body


def test_saved_searches_are_exported_and_go_with_the_account(reader):
    SavedSearch.objects.create(user=reader, query="SvarUt", filters={"municipality": ["malvik"]})
    places = personal_data.export(personal_data.Person(reader.email))["places"]
    [place] = [place for place in places if place["kind"] == "saved_search"]
    assert place["searches"][0]["query"] == "SvarUt"
    assert place["searches"][0]["filters"] == {"municipality": ["malvik"]}
    reader.delete()
    assert not SavedSearch.objects.exists()
