"""System checks: a live site must not show patients the example care center.

`make run` loads an example center (seeds/care_center.yaml) with a made-up name and
555-01xx phone numbers that no one answers. `manage.py check` warns while any of it is
left; `manage.py check --deploy` fails.
"""

from django.core import checks
from django.db import DatabaseError


def _example_fields():
    from journeys.content.models.care_center import CareCenter

    try:
        center = CareCenter.objects.filter(pk=1).first()
    except DatabaseError:  # no tables yet (before the first migrate)
        return []
    return CareCenter.load().example_fields() if center is None else center.example_fields()


def _message(fields):
    return (
        "The care center still holds the example "
        + ", ".join(fields)
        + " that `make run` ships; patients would see and call them."
    )


HINT = "Put in your center's real details in Django admin: Care center."


@checks.register()
def example_center_warning(app_configs=None, **kwargs):
    fields = _example_fields()
    if not fields:
        return []
    return [checks.Warning(_message(fields), hint=HINT, id="journeys.W001")]


@checks.register(checks.Tags.security, deploy=True)
def example_center_error(app_configs=None, **kwargs):
    fields = _example_fields()
    if not fields:
        return []
    return [checks.Error(_message(fields), hint=HINT, id="journeys.E001")]
