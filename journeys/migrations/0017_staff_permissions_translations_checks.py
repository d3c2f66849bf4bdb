"""Editors and medical reviewers get Spanish translations and check questions too.

The groups were made (0003, 0005) before these models existed, so neither group could
open them in admin: only a superuser could keep a Spanish text or a check question
current. Same powers as for every other content model: editors view, add and change
(and read the history); reviewers also delete, and publish through `publish_content`.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["translation", "checkquestion"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = had_models or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="journeys")
    editing = [f"{action}_{model}" for model in MODELS for action in ("view", "add", "change")] + [
        f"view_historical{model}" for model in MODELS
    ]
    reviewing = editing + [f"delete_{model}" for model in MODELS]
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*perms.filter(codename__in=editing))
    for group in Group.objects.filter(name="Medical reviewers"):
        group.permissions.add(*perms.filter(codename__in=reviewing))


class Migration(migrations.Migration):
    dependencies = [("journeys", "0016_check_questions")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
