from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = had_models or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="journeys")
    editing = ["view_resource", "add_resource", "change_resource", "view_historicalresource"]
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*perms.filter(codename__in=editing))
    for group in Group.objects.filter(name="Medical reviewers"):
        group.permissions.add(*perms.filter(codename__in=[*editing, "delete_resource"]))


class Migration(migrations.Migration):
    dependencies = [("journeys", "0004_resources")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
