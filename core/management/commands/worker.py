import signal
import time

from django.core.management.base import BaseCommand

from core import schedule


class Command(BaseCommand):
    help = (
        "Run the background jobs on their schedule: the search index outbox, reconciling, "
        "embeddings, e-mail digests, review reminders and whatever else apps register in their "
        "jobs.py. Several workers may run at once: each turn of a job runs in exactly one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks for due jobs.")
        parser.add_argument("--jobs", default="", help="Comma-separated job names to run (default: all).")
        parser.add_argument("--once", action="store_true", help="Run the jobs due now and stop.")
        parser.add_argument("--list", action="store_true", help="List the registered jobs and stop.")

    def handle(self, *args, interval, jobs, once, list, **options):
        registered = schedule.discover()
        if list:
            for job in registered.values():
                state = "" if job.is_enabled() else " (off here)"
                self.stdout.write(f"{job.name}: every {job.interval:g} s{state}")
            return
        names = {name.strip() for name in jobs.split(",") if name.strip()}
        unknown = names - set(registered)
        if unknown:
            self.stderr.write(f"Unknown job(s): {', '.join(sorted(unknown))}. Known: {', '.join(registered)}")
            raise SystemExit(2)
        holder = schedule.worker_name()
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        self.stdout.write(f"Worker {holder} started: {', '.join(names or registered)}.")
        while self.running:
            ran = schedule.run_due(holder, names)
            if once:
                self.stdout.write(f"Ran: {', '.join(ran) or 'nothing due'}.")
                return
            time.sleep(interval)

    def _stop(self, *args):
        self.running = False
