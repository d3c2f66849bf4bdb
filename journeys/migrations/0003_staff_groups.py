"""The two staff groups of the review workflow.

Editors write and submit for review; medical reviewers also publish and send back.
Permissions are enforced on the server (journeys.workflow and the admin), not only
by hiding buttons.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
REVIEWERS = "Medical reviewers"
CONTENT_MODELS = [
    "product",
    "indication",
    "stage",
    "step",
    "guidance",
    "checklistitem",
    "question",
    "productstagenote",
    "warningsign",
    "glossaryterm",
    "source",
    "carecenter",
]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        # create_permissions skips app configs without models_module (as in migrations).
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = had_models or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    journeys = Permission.objects.filter(content_type__app_label="journeys")
    editing = [
        f"{action}_{model}"
        for model in CONTENT_MODELS
        for action in ("view", "add", "change")
    ] + [f"view_historical{model}" for model in CONTENT_MODELS]
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(journeys.filter(codename__in=editing))
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewing = editing + [f"delete_{model}" for model in CONTENT_MODELS] + ["publish_content"]
    reviewers.permissions.set(journeys.filter(codename__in=reviewing))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, REVIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0002_governance_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
