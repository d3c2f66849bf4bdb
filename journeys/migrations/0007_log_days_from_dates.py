"""A log day may now sit outside the log (a reading keeps its date when the infusion date
is changed, log/renumber.py), within ±999 days; and the readings the old code moved are put
back on the day they were taken.

Before this, changing the infusion date left every reading's day number as it was, so it
showed under another date. Its `taken_at` still holds the date it was typed for (the day's
date when it was written, and the time), so its day is numbered again from that date. A row
whose day already matches its date is not touched; a handwriting sample keeps its day (it
holds no date of its own)."""

from django.db import migrations, models
from django.utils import timezone

LIMIT = 999


def days_from_dates(apps, schema_editor):
    LogEntry = apps.get_model("journeys", "LogEntry")
    rows = LogEntry.objects.filter(journey__infusion_date__isnull=False).values_list(
        "pk", "day", "taken_at", "journey__infusion_date"
    )
    for pk, day, taken_at, infusion in rows.iterator():
        real = (timezone.localtime(taken_at).date() - infusion).days
        if real != day and -LIMIT <= real <= LIMIT:
            LogEntry.objects.filter(pk=pk).update(day=real)


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0006_search_trigrams"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="logday",
            name="journeys_logday_day_gte_minus_60",
        ),
        migrations.RemoveConstraint(
            model_name="logentry",
            name="journeys_logentry_day_gte_minus_60",
        ),
        migrations.AddConstraint(
            model_name="logday",
            constraint=models.CheckConstraint(
                condition=models.Q(("day__gte", -LIMIT), ("day__lte", LIMIT)),
                name="journeys_logday_day_in_reach",
            ),
        ),
        migrations.AddConstraint(
            model_name="logentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("day__gte", -LIMIT), ("day__lte", LIMIT)),
                name="journeys_logentry_day_in_reach",
            ),
        ),
        migrations.RunPython(days_from_dates, migrations.RunPython.noop, elidable=True),
    ]
