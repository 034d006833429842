"""Registrations in the GDPR registry: exported, and erased (which frees the place)."""

import io
import json

from django.core.management import call_command

from core import personal_data
from gatherings import registration
from gatherings.models import Registration


def test_export_lists_the_persons_registrations(autumn, reader):
    registration.register(autumn, reader)
    places = personal_data.export(personal_data.Person(reader.email))["places"]
    found = [place for place in places if place["kind"] == "gathering_registration"]
    assert [place["gathering"] for place in found] == [autumn.title]


def test_erasing_the_person_deletes_their_registration_and_promotes_the_waiting_list(autumn, reader, django_user_model):
    autumn.capacity = 1
    autumn.save_revision().publish()
    waiting = django_user_model.objects.create_user("venter", email="venter@example.org")
    registration.register(autumn, reader)
    registration.register(autumn, waiting)
    call_command("erase_contact_person", "--email", reader.email, stdout=io.StringIO())
    assert list(Registration.objects.values_list("user__username", "waiting")) == [("venter", False)]


def test_the_export_command_includes_registrations(autumn, reader):
    registration.register(autumn, reader)
    out = io.StringIO()
    call_command("export_personal_data", "--email", reader.email, stdout=out)
    kinds = {place["kind"] for place in json.loads(out.getvalue())["places"]}
    assert "gathering_registration" in kinds
