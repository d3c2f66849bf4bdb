from django.core.management.base import BaseCommand, CommandError

from journeys.content.seeds import SeedExportError, seeds_export


class Command(BaseCommand):
    help = (
        "Write the content in the database as seed files (the format of seeds/), one per "
        "section. Loading the folder with load_seeds changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            required=True,
            help="Folder to write to; created if missing. Refused if it holds other *.yaml files.",
        )

    def handle(self, *args, dir, **options):
        try:
            summary = seeds_export(directory=dir)
        except SeedExportError as exc:
            raise CommandError(str(exc)) from None
        for path, counts in summary.files.items():
            rows = ", ".join(f"{n} {name.rsplit('.', 1)[-1]}" for name, n in counts.items())
            self.stdout.write(f"Wrote {path}: {rows}")
        for path in summary.removed:
            self.stdout.write(f"Removed {path}: that section has no rows now")
        total = sum(summary.rows.values())
        self.stdout.write(
            self.style.SUCCESS(f"Exported {total} rows to {len(summary.files)} file(s) in {dir}.")
        )
