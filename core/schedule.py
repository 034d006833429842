"""Background jobs and their schedule, run by ``manage.py worker`` in one or several processes.

Each app declares its jobs in a ``jobs.py`` module (found like admin.py modules are) with one
line per job: ``schedule.register("name", every=seconds, run=function)``. A job is due when
``every`` seconds have passed since it last started, counted in the database (core.JobRun),
so the schedule holds across restarts and across workers: each turn of a job is claimed
by exactly one worker, which holds a lease on it while it runs; a worker that dies
releases it when the lease runs out. Jobs must still be idempotent (a lease can run out
under a job that outlives it): they record what they did (digests what was sent, reminders
whom they reminded) or reread the state they bring up to date (the index outbox).

Intervals can be changed per deployment: WORKER_SCHEDULE="reconcile=1800,digests-daily=43200".
"""

import dataclasses
import datetime
import logging
import os
import socket
import time
import uuid

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import JobRun
from .request_id import current as current_id

logger = logging.getLogger("erfa.worker")

DEFAULT_LEASE = 15 * 60


@dataclasses.dataclass
class Job:
    name: str
    every: float
    run: object
    lease: float = DEFAULT_LEASE
    # When it says False (e.g. no engine configured), the job is not due at all.
    enabled: object = None

    @property
    def interval(self):
        return float(getattr(settings, "ERFA_WORKER_SCHEDULE", {}).get(self.name, self.every))

    def is_enabled(self):
        return self.enabled is None or bool(self.enabled())


JOBS = {}


def register(name, *, every, run, lease=DEFAULT_LEASE, enabled=None):
    JOBS[name] = Job(name, every, run, lease, enabled)


def discover():
    autodiscover_modules("jobs")
    return JOBS


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def claim(job, holder, now=None):
    """Whether ``holder`` got this turn of ``job``: due, and nobody else's lease is running."""
    now = now or timezone.now()
    # One statement, never a read then a write: on SQLite a transaction that read cannot wait
    # for another's write lock, it fails ("database is locked").
    JobRun.objects.bulk_create([JobRun(name=job.name)], ignore_conflicts=True)
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - datetime.timedelta(seconds=job.interval))
    return bool(
        JobRun.objects.filter(free, due, name=job.name).update(
            last_started_at=now, lease_until=now + datetime.timedelta(seconds=job.lease), holder=holder
        )
    )


def release(job, holder, error=""):
    JobRun.objects.filter(name=job.name, holder=holder).update(
        lease_until=None, last_finished_at=timezone.now(), last_error=error[:2000], runs=F("runs") + 1
    )


def run_due(holder, names=None):
    """Run every due job this worker can claim (all, or those in ``names``); returns their names."""
    ran = []
    for job in list(JOBS.values()):
        if names and job.name not in names:
            continue
        if not job.is_enabled() or not claim(job, holder):
            continue
        # The job's log lines carry an id of their own, as a request's do.
        current_id.set(f"job-{job.name}-{uuid.uuid4().hex[:8]}")
        started = time.monotonic()
        error = ""
        try:
            job.run()
        except Exception as failure:  # noqa: BLE001 - one failing job must not stop the others
            error = f"{type(failure).__name__}: {failure}"
            logger.exception("Job %s failed", job.name)
        else:
            # The outbox job runs every second: its turns are not news.
            logger.debug("Job %s done in %.1f s", job.name, time.monotonic() - started)
        finally:
            release(job, holder, error)
            current_id.set("")
        ran.append(job.name)
    return ran
