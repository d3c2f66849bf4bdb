"""The journey's log revision: moved by every write to its daily log, so each process can
keep what it built of a log until it moves (`journeys.log.selectors.log_days`)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0017_staff_permissions_translations_checks"),
    ]

    operations = [
        migrations.AddField(
            model_name="journey",
            name="log_revision",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
    ]
