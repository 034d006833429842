from django.core.management.base import BaseCommand, CommandError

from subscriptions.digests import send_digests


class Command(BaseCommand):
    help = "Email each follower the new experiences matching what they follow (run daily and weekly from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=["daily", "weekly"], required=True)
        parser.add_argument("--dry-run", action="store_true", help="List who would get what; send and record nothing.")

    def handle(self, *args, frequency, dry_run, **options):
        sent, failed, digests = send_digests(frequency, dry_run=dry_run)
        for digest in digests:
            titles = "; ".join(page.title for page in digest.items)
            self.stdout.write(f"{digest.user.email}: {len(digest.items)} ({titles})")
        if dry_run:
            self.stdout.write(f"Dry run: {len(digests)} digest(s) would be sent.")
            return
        self.stdout.write(f"Sent {sent} {frequency} digest(s).")
        if failed:
            raise CommandError(f"{failed} digest(s) could not be sent; they will be retried on the next run.")
