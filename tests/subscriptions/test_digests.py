"""python manage.py send_digests: selection, language, unsubscribe and no repeats."""

import datetime

import pytest

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction

from core.urls import base_url
from experiences.factories import ExperiencePageFactory, MunicipalityFactory, NetworkFactory, TopicFactory
from subscriptions.models import DigestItem, DigestSettings, Follow


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


@pytest.fixture
def topic(db):
    return TopicFactory(name="Digital post", name_sv="Digital post (sv)", name_en="Digital mail")


def subscriber(django_user_model, name, frequency="daily", language="nb", **follows):
    user = django_user_model.objects.create_user(name, email=f"{name}@example.org", password="pw-123456-x")
    settings = DigestSettings.objects.create(user=user, frequency=frequency, language=language)
    DigestSettings.objects.filter(pk=settings.pk).update(created=ago(days=10))
    for kind, obj in follows.items():
        Follow.objects.create(user=user, **{kind: obj})
    return user


def run(frequency, *args):
    from io import StringIO

    out = StringIO()
    call_command("send_digests", "--frequency", frequency, *args, stdout=out)
    return out.getvalue()


def test_daily_digest_lists_new_matching_experiences_once(django_user_model, experience_index, topic):
    user = subscriber(django_user_model, "dagny", topic=topic)
    matching = ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik", topics=[topic])
    ExperiencePageFactory(parent=experience_index, title="Ikke fulgt", topics=[TopicFactory()])

    run("daily")
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "SvarUt i Malvik" in message.body and "Ikke fulgt" not in message.body
    # On the configured base URL, like the unsubscribe link (not the Site record's host).
    assert base_url() + matching.url in message.body
    assert DigestItem.objects.filter(user=user, page=matching).exists()

    run("daily")
    assert len(mail.outbox) == 1, "nothing new: no second email"

    later = ExperiencePageFactory(parent=experience_index, title="Digital post i Levanger", topics=[topic])
    run("daily")
    assert len(mail.outbox) == 2
    assert "Digital post i Levanger" in mail.outbox[1].body and "SvarUt i Malvik" not in mail.outbox[1].body
    assert later.pk in DigestItem.objects.filter(user=user).values_list("page_id", flat=True)


def test_frequency_selects_who_gets_a_digest(django_user_model, experience_index, topic):
    subscriber(django_user_model, "dagny", "daily", topic=topic)
    weekly = subscriber(django_user_model, "vera", "weekly", topic=topic)
    subscriber(django_user_model, "ola", "off", topic=topic)
    ExperiencePageFactory(parent=experience_index, topics=[topic])

    run("weekly")
    assert [message.to for message in mail.outbox] == [[weekly.email]]
    run("daily")
    assert sorted(message.to[0] for message in mail.outbox) == ["dagny@example.org", "vera@example.org"]


def test_every_kind_of_follow_matches(django_user_model, experience_index):
    malvik, digut = MunicipalityFactory(name="Malvik"), NetworkFactory(name="DiguT")
    from experiences.factories import NationalSolutionFactory

    svarut = NationalSolutionFactory(name="SvarUt")
    subscriber(django_user_model, "m", municipality=malvik)
    subscriber(django_user_model, "n", network=digut)
    subscriber(django_user_model, "s", solution=svarut)
    ExperiencePageFactory(parent=experience_index, title="Malvik-rapport", municipalities=[malvik])
    ExperiencePageFactory(parent=experience_index, title="DiguT-rapport", network=digut)
    ExperiencePageFactory(parent=experience_index, title="SvarUt-rapport", national_solutions=[svarut])
    run("daily")
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "Malvik-rapport" in bodies["m@example.org"] and "DiguT-rapport" not in bodies["m@example.org"]
    assert "DiguT-rapport" in bodies["n@example.org"] and "SvarUt-rapport" not in bodies["n@example.org"]
    assert "SvarUt-rapport" in bodies["s@example.org"] and "Malvik-rapport" not in bodies["s@example.org"]


def test_old_drafts_and_restricted_experiences_are_left_out(django_user_model, experience_index, topic):
    subscriber(django_user_model, "dagny", topic=topic)
    ExperiencePageFactory(parent=experience_index, title="Gammel", topics=[topic], first_published_at=ago(days=30))
    ExperiencePageFactory(parent=experience_index, title="Utkast", topics=[topic], live=False)
    private = ExperiencePageFactory(parent=experience_index, title="Internt", topics=[topic])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    run("daily")
    assert mail.outbox == []


@pytest.mark.parametrize(
    "language, subject, line",
    [
        ("en", "Erfa: 1 new experience", "New experience reports and news on Erfa"),
        ("nb", "Erfa:", "Erfa"),
        ("sv", "Erfa:", "Erfa"),
    ],
)
def test_digest_is_written_in_the_chosen_language(django_user_model, experience_index, topic, language, subject, line):
    subscriber(django_user_model, "dagny", language=language, topic=topic)
    ExperiencePageFactory(parent=experience_index, topics=[topic])
    run("daily")
    [message] = mail.outbox
    assert message.subject.startswith(subject)
    assert line in message.body
    html = message.alternatives[0][0]
    assert f'<html lang="{language}">' in html


def test_digest_has_a_working_one_click_unsubscribe(django_user_model, experience_index, topic):
    user = subscriber(django_user_model, "dagny", topic=topic)
    ExperiencePageFactory(parent=experience_index, topics=[topic])
    run("daily")
    [message] = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>")
    assert url in message.body
    path = url.split("://", 1)[1].split("/", 1)[1]

    anonymous = Client(enforce_csrf_checks=True)
    # Opening the link (as mail scanners do) only asks.
    assert anonymous.get("/" + path).status_code == 200
    assert DigestSettings.objects.get(user=user).frequency == "daily"
    # The mail client's one-click POST (no session, no CSRF token) unsubscribes.
    response = anonymous.post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert DigestSettings.objects.get(user=user).frequency == "off"

    ExperiencePageFactory(parent=experience_index, topics=[topic])
    run("daily")
    assert len(mail.outbox) == 1


def test_forged_unsubscribe_tokens_are_refused(client, django_user_model, topic):
    user = subscriber(django_user_model, "dagny", topic=topic)
    for token in (f"{user.pk}:forged", "nonsense", f"{user.pk + 1}:abc"):
        assert client.post(f"/subscriptions/unsubscribe/{token}/").status_code == 400
    assert DigestSettings.objects.get(user=user).frequency == "daily"


def test_dry_run_lists_but_sends_and_records_nothing(django_user_model, experience_index, topic):
    subscriber(django_user_model, "dagny", topic=topic)
    ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik", topics=[topic])
    output = run("daily", "--dry-run")
    assert "dagny@example.org: 1 (SvarUt i Malvik)" in output
    assert mail.outbox == [] and not DigestItem.objects.exists()
    run("daily")
    assert len(mail.outbox) == 1


def test_frequency_is_required(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_digests")
    with pytest.raises(CommandError):
        call_command("send_digests", "--frequency", "hourly")
