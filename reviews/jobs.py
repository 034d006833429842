"""Review reminders on the worker's schedule (core/schedule.py); an owner is not reminded twice (overdue.py)."""

from core import schedule

from .overdue import send_reminders

schedule.register("review-reminders", every=24 * 3600, run=send_reminders, lease=3600)
