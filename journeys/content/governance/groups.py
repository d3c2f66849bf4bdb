"""The two staff groups of the review workflow, and what each may do: one table.

Editors write and submit for review; medical reviewers also delete, publish and send
back (`publish_content`, checked on the server by governance/workflow.py and the admin,
not only by hiding buttons). Both read every content model's history.

`staff_groups_sync()` makes the groups hold exactly this table. It runs after every
`migrate` (post_migrate, journeys/apps.py), so a fresh database gets complete groups
and a permission given or taken away by hand in the admin is put back as the table
says at the next `migrate`: change what a group may do here, not in the admin. Groups
not named here, and users' own permissions, are left alone.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, transaction

EDITORS = "Editors"
REVIEWERS = "Medical reviewers"

#: The content staff keep (model names in the journeys app).
CONTENT = (
    "product",
    "indication",
    "productschedule",
    "stage",
    "step",
    "guidance",
    "checklistitem",
    "question",
    "checkquestion",
    "productstagenote",
    "warningsign",
    "glossaryterm",
    "resource",
    "translation",
    "source",
    "carecenter",
)
#: Django's own permissions per model: an action here means the codename `<action>_<model>`.
#: Any other action is a permission's full codename from a model's Meta.permissions.
DEFAULT_ACTIONS = ("view", "add", "change", "delete")
EDIT = ("view", "add", "change")

#: Group → model → actions. The groups have exactly these permissions and no others.
STAFF_GROUPS = {
    EDITORS: {
        **{model: EDIT for model in CONTENT},
        **{f"historical{model}": ("view",) for model in CONTENT},
    },
    REVIEWERS: {
        **{model: (*EDIT, "delete") for model in CONTENT},
        **{f"historical{model}": ("view",) for model in CONTENT},
        # The one permission that lets a medical reviewer publish any content (Source.Meta).
        "source": (*EDIT, "delete", "publish_content"),
    },
}


def codenames(models):
    """{(model, codename)} for one group's row of STAFF_GROUPS."""
    return {
        (model, f"{action}_{model}" if action in DEFAULT_ACTIONS else action)
        for model, actions in models.items()
        for action in actions
    }


def staff_groups_sync(*, apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create or update the groups of STAFF_GROUPS to hold exactly its permissions.

    Idempotent: a second call changes nothing. Returns what changed, by group name:
    {"created": bool, "added": [codename...], "removed": [codename...]}, only for the
    groups that changed. `apps` is the migration state's registry when called from
    post_migrate, the project's models otherwise."""
    # contrib.auth makes permissions on post_migrate too; make sure they exist whatever
    # order the receivers run in (it does nothing when they are there already).
    create_permissions(global_apps.get_app_config("journeys"), verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    known = {
        (p.content_type.model, p.codename): p
        for p in Permission.objects.using(using)
        .filter(content_type__app_label="journeys")
        .select_related("content_type")
    }
    wanted = {name: codenames(models) for name, models in STAFF_GROUPS.items()}
    missing = set().union(*wanted.values()) - known.keys()
    if missing:
        raise ImproperlyConfigured(f"STAFF_GROUPS names permissions that do not exist: {missing}")

    changes = {}
    with transaction.atomic(using=using):
        for name, keys in wanted.items():
            group, created = Group.objects.using(using).get_or_create(name=name)
            want = {known[key].pk for key in keys}
            held = dict(group.permissions.values_list("pk", "codename"))
            added, removed = want - held.keys(), held.keys() - want
            group.permissions.remove(*removed)
            group.permissions.add(*added)
            if created or added or removed:
                changes[name] = {
                    "created": created,
                    "added": sorted(p.codename for p in known.values() if p.pk in added),
                    "removed": sorted(held[pk] for pk in removed),
                }
    return changes


def staff_groups_synced(sender, *, apps=global_apps, using=DEFAULT_DB_ALIAS, verbosity=1, **kw):
    """post_migrate receiver for the journeys app (journeys/apps.py)."""
    try:
        apps.get_model("auth", "Group")
        apps.get_model("journeys", "Source")
    except LookupError:  # migrated back to before these tables: nothing to sync
        return
    for name, change in staff_groups_sync(apps=apps, using=using).items():
        if verbosity >= 1:
            made = "created" if change["created"] else "updated"
            print(
                f"  Staff group {name!r} {made}: {len(change['added'])} permissions added,"
                f" {len(change['removed'])} removed (journeys/content/governance/groups.py)."
            )
