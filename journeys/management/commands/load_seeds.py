from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from journeys.content.seeds import SeedValidationError, seeds_load


class Command(BaseCommand):
    help = (
        "Validate every seeds/*.yaml file, then create or update content by slug. "
        "Rows that staff edited since the last load are kept unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=str(Path(settings.BASE_DIR) / "seeds"), help="Seed folder."
        )
        parser.add_argument(
            "--force", action="store_true", help="Overwrite rows that staff edited."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args, dir, force, dry_run, **options):
        try:
            report = seeds_load(directory=dir, force=force, dry_run=dry_run)
        except SeedValidationError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(exc.errors)} error(s) in the seed files; nothing was written."
            ) from None

        prefix = "Would have " if dry_run else ""
        show_rows = dry_run or options["verbosity"] >= 2
        for verb, rows in [
            ("created", report.created),
            ("updated", report.updated),
            ("overwritten staff edit in", report.overwritten),
        ]:
            for row in rows if show_rows else []:
                self.stdout.write(f"{prefix}{verb}: {row}")
        for row in report.kept_edits if show_rows else []:
            self.stdout.write(f"Kept staff edit (seed unchanged): {row}")
        for row in report.conflicts:
            self.stderr.write(
                self.style.WARNING(
                    f"Conflict, kept staff edit: {row} was edited in admin since the last "
                    "load and the seed changed too. Use --force to overwrite it."
                )
            )
        counts = report.counts()
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        if options["verbosity"] == 0 and not report.conflicts:
            return
        if not report.changed:
            self.stdout.write(
                self.style.SUCCESS(f"Nothing to change: the database already matches ({summary}).")
            )
        elif dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run, nothing written: {summary}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Seeds loaded: {summary}."))
