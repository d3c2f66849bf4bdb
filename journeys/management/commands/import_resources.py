from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from journeys.content.governance.resources import ResourceError, resource_import


class Command(BaseCommand):
    help = "Import further-reading documents (Markdown with YAML front matter)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Markdown files.")

    def handle(self, *args, paths, **options):
        failed = 0
        for name in paths:
            path = Path(name)
            try:
                resource, created = resource_import(
                    name=str(path), text=path.read_text(encoding="utf-8")
                )
            except (OSError, UnicodeDecodeError) as exc:
                self.stderr.write(f"{path}:1: cannot read the file ({exc})")
                failed += 1
                continue
            except ResourceError as exc:
                self.stderr.write(str(exc))
                failed += 1
                continue
            verb = "Created" if created else "Updated"
            self.stdout.write(f"{verb}: {resource.title} ({resource.get_status_display()})")
        if failed:
            raise CommandError(f"{failed} file(s) could not be imported; they were not changed.")
