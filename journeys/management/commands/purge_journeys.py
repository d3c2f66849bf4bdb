from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from journeys.journey.services import journeys_purge


class Command(BaseCommand):
    help = "Delete patient journeys that nobody has opened for N days (run it from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--idle-days",
            type=int,
            default=settings.JOURNEY_IDLE_DAYS,
            help="Days without a visit (default: the JOURNEY_IDLE_DAYS setting, shown on /about/).",
        )

    def handle(self, *args, idle_days, **options):
        if idle_days < 1:
            raise CommandError("--idle-days must be 1 or more.")
        count = journeys_purge(idle_days=idle_days)
        self.stdout.write(f"Deleted {count} journey(s) idle for more than {idle_days} days.")
