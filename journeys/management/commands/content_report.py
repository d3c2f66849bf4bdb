import sys

from django.core.management.base import BaseCommand

from journeys.content.governance.readability import TARGET_GRADE
from journeys.content.governance.reports import content_report


class Command(BaseCommand):
    help = (
        "Print what is overdue or due for review within N days, what waits for a reviewer, "
        "and the reading level. Exits with status 1 when anything is overdue (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--within-days", type=int, default=30)

    def handle(self, *args, within_days, **options):
        report = content_report(within_days=within_days)
        out = self.stdout
        out.write(f"Content report for {report.today}")
        sections = [
            ("Overdue or flagged", report.overdue),
            (f"Due within {within_days} days", report.due_soon),
            ("Waiting for a medical reviewer", report.awaiting_review),
            (f"Reads above grade {TARGET_GRADE:g}", report.hard_to_read),
            ("Translations out of date", report.translations_out_of_date),
            ("Spanish below “fairly easy” (Fernández-Huerta 70)", report.hard_to_read_es),
        ]
        for title, rows in sections:
            out.write(f"\n{title}: {len(rows)}")
            for row in rows:
                out.write(f"  - {row.model}: {row.label} ({row.reason})")
        if report.site_grade is None:
            out.write("\nAverage reading grade: no published text long enough to grade yet")
        else:
            out.write(
                f"\nAverage reading grade: {report.site_grade} over {report.graded_rows} "
                f"published items (target {TARGET_GRADE:g} or lower); median "
                f"{report.median_grade}, hardest {report.hardest_grade}"
            )
        if report.spanish_median_ease is not None:
            out.write(
                f"\nSpanish reading ease (Fernández-Huerta, higher is easier): median "
                f"{report.spanish_median_ease}, lowest {report.spanish_lowest_ease} over "
                f"{report.spanish_graded_rows} published translations (target 70 or higher)"
            )
        if report.overdue:
            self.stderr.write(f"{len(report.overdue)} item(s) overdue for review.")
            sys.exit(1)
