"""Several workers on one database: each scheduled turn, digest and index change happens once."""

import datetime
import re
from email import message_from_string

import pytest

from django.utils import timezone

from experiences.factories import ExperiencePageFactory, TopicFactory
from search.models import IndexOutbox
from subscriptions.models import DigestSettings, Follow
from tests.search.conftest import configure_engine

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SUBSCRIBERS = 12


def _subscribers(django_user_model, experience_index):
    topic = TopicFactory(name="Digital post")
    ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik", topics=[topic])
    emails = []
    for n in range(SUBSCRIBERS):
        user = django_user_model.objects.create_user(f"reader{n}", email=f"reader{n}@example.org", password="pw-123456")
        digest = DigestSettings.objects.create(user=user, frequency="daily")
        DigestSettings.objects.filter(pk=digest.pk).update(created=timezone.now() - datetime.timedelta(days=3))
        Follow.objects.create(user=user, topic=topic)
        emails.append(user.email)
    return emails


def _recipients(mail_folder):
    """Every recipient of every message the file backend wrote, once per message."""
    recipients = []
    for path in mail_folder.iterdir():
        for chunk in re.split(r"\n-{79}\n", path.read_text()):
            if chunk.strip():
                recipients.append(message_from_string(chunk.strip())["To"])
    return sorted(recipients)


def test_two_workers_running_the_digest_job_at_once_send_each_subscriber_one_email(
    deployment, django_user_model, experience_index
):
    emails = _subscribers(django_user_model, experience_index)
    deployment.copy_database()
    workers = [deployment.manage("worker", "--once", "--jobs", "digests-daily") for _ in range(2)]
    with deployment.writes_held(*workers):
        pass
    assert deployment.wait(*workers) == [0, 0], deployment.logs()
    assert _recipients(deployment.mail) == sorted(emails)
    # One worker ran this turn; the other found it taken.
    assert sorted(deployment.outputs()) == ["Ran: digests-daily.", "Ran: nothing due."], deployment.logs()
    assert deployment.query("select runs from core_jobrun where name = 'digests-daily'") == [(1,)]


def test_two_processes_sending_digests_at_once_send_each_subscriber_one_email(
    deployment, django_user_model, experience_index
):
    # Without the worker's schedule (two cron lines, a worker and a manual run): the digests
    # themselves are claimed one by one.
    emails = _subscribers(django_user_model, experience_index)
    deployment.copy_database()
    senders = [deployment.manage("send_digests", "--frequency", "daily") for _ in range(2)]
    with deployment.writes_held(*senders):
        pass
    assert deployment.wait(*senders) == [0, 0], deployment.logs()
    assert _recipients(deployment.mail) == sorted(emails)
    assert deployment.query("select count(*) from subscriptions_digestitem") == [(SUBSCRIBERS,)]


def test_two_workers_apply_each_outbox_change_once(deployment, settings, engine_urls, experience_index):
    url = engine_urls("opensearch")
    engine = configure_engine(settings, url, "opensearch")
    engine.ensure_index()
    try:
        pages = [ExperiencePageFactory(parent=experience_index, title=f"Rapport {n}") for n in range(30)]
        engine.refresh()
        before = {page.pk: engine.client.get(index=engine.alias, id=page.pk)["_version"] for page in pages}
        IndexOutbox.objects.bulk_create([IndexOutbox(page_id=page.pk, reason="publish") for page in pages])
        deployment.copy_database()
        environment = {
            "SEARCH_URL": url,
            "SEARCH_ENGINE": "opensearch3",
            "SEARCH_INDEX": settings.ERFA_SEARCH["INDEX_PREFIX"],
        }
        workers = [deployment.manage("search_worker", "--once", **environment) for _ in range(2)]
        with deployment.writes_held(*workers):
            pass
        assert deployment.wait(*workers) == [0, 0], deployment.logs()
        after = {page.pk: engine.client.get(index=engine.alias, id=page.pk)["_version"] for page in pages}
        assert {pk: after[pk] - before[pk] for pk in before} == {pk: 1 for pk in before}
        assert deployment.query("select count(*) from erfa_search_indexoutbox") == [(0,)]
    finally:
        engine.drop()
