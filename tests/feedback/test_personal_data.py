"""GDPR: reader feedback and subscriptions in export_personal_data and erase_contact_person."""

import io
import json

import pytest

from django.core.management import call_command

from experiences.factories import ExperiencePageFactory, MunicipalityFactory, TopicFactory
from feedback.models import Feedback, Question, Reuse
from subscriptions.models import DigestItem, DigestSettings, Follow

EMAIL = "kari.kontakt@malvik.example.no"


@pytest.fixture
def kari(django_user_model):
    return django_user_model.objects.create_user("kari", email=EMAIL, password="pw-kari-123")


@pytest.fixture
def held(experience_index, kari, reader):
    malvik, levanger = MunicipalityFactory(name="Malvik"), MunicipalityFactory(name="Levanger")
    report = ExperiencePageFactory(parent=experience_index, municipalities=[malvik], contact_email=EMAIL)
    other = ExperiencePageFactory(parent=experience_index, municipalities=[levanger])
    return {
        # Kari asked about another municipality's report; a reader asked Kari as contact person.
        "asked": Question.objects.create(
            page=other, user=kari, asker_email=EMAIL, text="Hvordan?", recipients="ola@levanger.example.no"
        ),
        "addressed": Question.objects.create(
            page=report,
            user=reader,
            asker_email=reader.email,
            text="Kan du svare?",
            recipients=f"{EMAIL.upper()}\nedna@erfa.example",
        ),
        "bystander": Question.objects.create(
            page=other, user=reader, asker_email=reader.email, text="Hei", recipients="ola@levanger.example.no"
        ),
        "reuse": Reuse.objects.create(page=other, municipality=malvik, user=kari),
        "comment": Feedback.objects.create(page=other, useful=True, comment=f"Skriv til {EMAIL}", language="nb"),
        "follow": Follow.objects.create(user=kari, topic=TopicFactory(name="Digital post")),
        "digest": DigestSettings.objects.create(user=kari, frequency="daily"),
        "sent": DigestItem.objects.create(user=kari, page=other),
    }


def export():
    out = io.StringIO()
    call_command("export_personal_data", "--email", EMAIL, stdout=out)
    return {place["kind"]: place for place in json.loads(out.getvalue())["places"]}


def erase(*args):
    out = io.StringIO()
    call_command("erase_contact_person", "--email", EMAIL, *args, stdout=out)
    return out.getvalue()


def test_export_lists_questions_reuses_comments_and_subscriptions(held):
    places = export()
    assert [q["question_id"] for q in places["question_asked"]["questions"]] == [held["asked"].pk]
    assert places["question_recipient"]["question_ids"] == [held["addressed"].pk]
    assert places["reuse_recorder"]["reuse_ids"] == [held["reuse"].pk]
    assert places["feedback_comment"]["feedback_ids"] == [held["comment"].pk]
    assert places["follow"]["follows"][0]["target"].startswith("Digital post")
    assert places["digest_settings"]["fields"]["frequency"] == "daily"
    assert places["digest_item"]["page_ids"] == [held["sent"].page_id]


def test_erasure_anonymises_feedback_and_leaves_the_account_s_subscriptions(held, kari):
    output = erase()

    asked = Question.objects.get(pk=held["asked"].pk)
    assert (asked.asker_email, asked.user, asked.text) == ("[erased]", None, "Hvordan?")
    addressed = Question.objects.get(pk=held["addressed"].pk)
    assert addressed.recipients == "[erased]\nedna@erfa.example"
    assert addressed.user is not None and addressed.asker_email == "reader@example.org"
    bystander = Question.objects.get(pk=held["bystander"].pk)
    assert bystander.recipients == "ola@levanger.example.no"
    reuse = Reuse.objects.get(pk=held["reuse"].pk)
    assert reuse.user is None and reuse.municipality.name == "Malvik"
    assert Feedback.objects.get().comment == "Skriv til [erased]"

    # The account's own choices are kept, and the command says so.
    assert Follow.objects.filter(user=kari).count() == 1
    assert DigestSettings.objects.filter(user=kari).exists() and DigestItem.objects.filter(user=kari).exists()
    assert "Still held, not erased here: What the person's account follows" in output
    assert "Still held, not erased here: E-mail digest settings" in output
    assert set(export()) == {"user", "follow", "digest_settings", "digest_item"}


def test_dry_run_leaves_feedback_untouched(held):
    output = erase("--dry-run")
    assert "Would erase: Asker removed from questions (1)" in output
    assert "Would erase: Recorder removed from reuses (1)" in output
    assert Question.objects.get(pk=held["asked"].pk).asker_email == EMAIL
    assert Reuse.objects.get(pk=held["reuse"].pk).user_id is not None
    assert EMAIL in Feedback.objects.get().comment
