"""E-mail digests on the worker's schedule (core/schedule.py); each digest is sent once (digests.py)."""

import functools

from core import schedule

from .digests import send_digests

schedule.register("digests-daily", every=24 * 3600, run=functools.partial(send_digests, "daily"), lease=3600)
schedule.register("digests-weekly", every=7 * 24 * 3600, run=functools.partial(send_digests, "weekly"), lease=3600)
