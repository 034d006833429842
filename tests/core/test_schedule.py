"""core/schedule.py: a job's turn is claimed by one worker, is due again after its interval, and
a dead worker's lease runs out."""

import datetime
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from core import schedule
from core.models import JobRun


@pytest.fixture
def job(monkeypatch):
    calls = []
    monkeypatch.setattr(schedule, "JOBS", {})
    schedule.register("tick", every=60, run=lambda: calls.append(1), lease=30)
    return schedule.JOBS["tick"], calls


@pytest.mark.django_db
def test_a_turn_is_claimed_by_one_worker_only(job):
    tick, _calls = job
    now = timezone.now()
    assert schedule.claim(tick, "worker-a", now) is True
    assert schedule.claim(tick, "worker-b", now) is False


@pytest.mark.django_db
def test_a_job_is_due_again_after_its_interval_not_before(job):
    tick, calls = job
    assert schedule.run_due("worker-a") == ["tick"]
    assert schedule.run_due("worker-b") == []
    JobRun.objects.filter(name="tick").update(last_started_at=timezone.now() - datetime.timedelta(seconds=61))
    assert schedule.run_due("worker-b") == ["tick"]
    assert len(calls) == 2
    assert JobRun.objects.get(name="tick").runs == 2


@pytest.mark.django_db
def test_a_dead_workers_lease_runs_out(monkeypatch):
    monkeypatch.setattr(schedule, "JOBS", {})
    schedule.register("slow", every=10, run=lambda: None, lease=100)
    slow = schedule.JOBS["slow"]
    started = timezone.now() - datetime.timedelta(seconds=300)
    assert schedule.claim(slow, "worker-that-died", started)
    # Due again by its interval, but the first worker's lease still holds it.
    assert schedule.claim(slow, "worker-b", started + datetime.timedelta(seconds=20)) is False
    assert schedule.claim(slow, "worker-b", started + datetime.timedelta(seconds=101)) is True


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_does_not_stop_the_others(monkeypatch):
    monkeypatch.setattr(schedule, "JOBS", {})
    ran = []
    schedule.register("broken", every=60, run=lambda: 1 / 0)
    schedule.register("fine", every=60, run=lambda: ran.append(1))
    assert schedule.run_due("worker-a") == ["broken", "fine"]
    assert ran == [1]
    assert JobRun.objects.get(name="broken").last_error.startswith("ZeroDivisionError")


@pytest.mark.django_db
def test_worker_lists_every_registered_job():
    out = StringIO()
    call_command("worker", "--list", stdout=out)
    names = {line.split(":")[0] for line in out.getvalue().splitlines()}
    assert {
        "search-outbox",
        "search-reconcile",
        "embeddings",
        "digests-daily",
        "digests-weekly",
        "review-reminders",
    } <= names
