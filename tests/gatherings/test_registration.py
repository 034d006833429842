"""Registering for a gathering: places, the waiting list, cancelling and the organiser's CSV."""

import csv
import io

import pytest

from django.contrib.auth.models import Group

from accounts.roles import EDITORS
from gatherings import registration
from gatherings.models import Registration


def _user(django_user_model, name):
    return django_user_model.objects.create_user(name, email=f"{name}@example.org", password="pw-123456-abc")


@pytest.fixture
def full_gathering(autumn):
    autumn.capacity = 1
    autumn.save_revision().publish()
    autumn.refresh_from_db()
    return autumn


def test_registrations_beyond_capacity_go_on_the_waiting_list(full_gathering, django_user_model):
    first = registration.register(full_gathering, _user(django_user_model, "first"))
    second = registration.register(full_gathering, _user(django_user_model, "second"))
    assert (first.waiting, second.waiting) == (False, True)


def test_registering_twice_keeps_one_registration(full_gathering, reader):
    registration.register(full_gathering, reader)
    registration.register(full_gathering, reader)
    assert Registration.objects.filter(user=reader).count() == 1


def test_cancelling_a_place_promotes_the_first_on_the_waiting_list(full_gathering, django_user_model):
    holder, early, late = (_user(django_user_model, name) for name in ("holder", "early", "late"))
    for user in (holder, early, late):
        registration.register(full_gathering, user)
    registration.cancel(full_gathering, holder)
    waiting = dict(Registration.objects.values_list("user__username", "waiting"))
    assert waiting == {"early": False, "late": True}


def test_cancelling_from_the_waiting_list_promotes_nobody(full_gathering, django_user_model):
    holder, early, late = (_user(django_user_model, name) for name in ("holder", "early", "late"))
    for user in (holder, early, late):
        registration.register(full_gathering, user)
    registration.cancel(full_gathering, late)
    assert dict(Registration.objects.values_list("user__username", "waiting")) == {"holder": False, "early": True}


def test_signed_in_reader_registers_and_cancels_through_the_page(autumn, reader, client):
    client.force_login(reader)
    response = client.post(autumn.url + "pamelding/")
    assert response.status_code == 302
    assert Registration.objects.filter(gathering=autumn, user=reader, waiting=False).exists()
    client.cookies["erfa_language"] = "en"
    assert "You are registered." in client.get(autumn.url).content.decode()
    client.post(autumn.url + "avmelding/")
    assert not Registration.objects.filter(gathering=autumn, user=reader).exists()


def test_anonymous_reader_is_sent_to_sign_in_and_nothing_is_registered(autumn, client):
    response = client.post(autumn.url + "pamelding/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_registration_is_refused_with_400_after_the_gathering(autumn, reader, client):
    from gatherings.factories import in_days

    autumn.starts_at, autumn.ends_at = in_days(-3, 9), in_days(-3, 15)
    autumn.save_revision().publish()
    client.force_login(reader)
    assert client.post(autumn.url + "pamelding/").status_code == 400
    assert not Registration.objects.exists()


def test_registering_needs_a_post(autumn, reader, client):
    client.force_login(reader)
    assert client.get(autumn.url + "pamelding/").status_code == 405
    assert not Registration.objects.exists()


def test_registering_is_rate_limited_per_user(autumn, reader, client, settings):
    settings.ERFA_RATE_LIMITS = {**settings.ERFA_RATE_LIMITS, "registration": "2/h"}
    client.force_login(reader)
    statuses = [client.post(autumn.url + path).status_code for path in ("pamelding/", "avmelding/", "pamelding/")]
    assert statuses == [302, 302, 429]


def test_csrf_is_required_to_register(autumn, reader):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert client.post(autumn.url + "pamelding/").status_code == 403
    assert not Registration.objects.exists()


def test_organiser_downloads_participants_as_csv(autumn, reader, django_user_model, client):
    registration.register(autumn, reader)
    editor = _user(django_user_model, "editor")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    response = client.get(autumn.url + "deltakere/")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "reader@example.org"


def test_participants_are_hidden_from_a_reader_who_does_not_organise(autumn, reader, client):
    registration.register(autumn, reader)
    client.force_login(reader)
    assert client.get(autumn.url + "deltakere/").status_code == 404


def test_participant_names_cannot_run_as_spreadsheet_formulas(autumn, django_user_model, client):
    sneaky = django_user_model.objects.create_user("sneaky", email="s@example.org", first_name="=cmd|' /C calc'!A0")
    registration.register(autumn, sneaky)
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw-123456-abc"))
    body = client.get(autumn.url + "deltakere/").content.decode("utf-8-sig")
    assert "\n'=cmd" in body.replace("\r\n", "\n")
