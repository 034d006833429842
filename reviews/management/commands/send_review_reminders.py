"""E-mail each guide owner about their guides past the review date (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand, CommandError

from reviews.overdue import send_reminders


class Command(BaseCommand):
    help = (
        "Send one e-mail to each guide owner listing their guides past the review date. "
        "A guide is not mentioned again within ERFA_REVIEW_REMINDER_DAYS (default 30) days."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be reminded; send nothing.")

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        sent, failed, reminders, orphans = send_reminders(dry_run=dry_run)
        for reminder in reminders:
            titles = "; ".join(f"{item.guide.title} ({item.days_overdue} days)" for item in reminder.guides)
            prefix = "Would remind" if dry_run else "Reminded"
            if any(reminder is failure for failure, _error in failed):
                prefix = "FAILED to remind"
            self.stdout.write(f"{prefix} {reminder.email}: {titles}")
        for item in orphans:
            self.stdout.write(self.style.WARNING(f"No owner e-mail: {item.guide.title} ({item.days_overdue} days)"))
        summary = f"{len(reminders)} owner(s) due" if dry_run else f"{len(sent)} e-mail(s) sent"
        self.stdout.write(self.style.SUCCESS(summary))
        if failed:
            errors = "; ".join(f"{reminder.email}: {error}" for reminder, error in failed)
            raise CommandError(f"{len(failed)} e-mail(s) could not be sent and will be tried again: {errors}")
