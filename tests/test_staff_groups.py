"""The staff groups come from one table (journeys/content/governance/groups.py), synced after
every migrate: a fresh sync gives exactly the table, a second changes nothing, and a
permission changed by hand is put back."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal

from journeys.content.governance.groups import (
    CONTENT,
    EDITORS,
    REVIEWERS,
    STAFF_GROUPS,
    codenames,
    staff_groups_sync,
)
from journeys.models import SeedTracked

pytestmark = pytest.mark.django_db


def held(name):
    """{(model, codename)} the group has in the database."""
    group = Group.objects.get(name=name)
    return set(group.permissions.values_list("content_type__model", "codename"))


def every_group():
    return {g.name: held(g.name) for g in Group.objects.all()}


def test_a_fresh_sync_gives_exactly_the_table():
    Group.objects.filter(name__in=STAFF_GROUPS).delete()
    changes = staff_groups_sync()
    assert set(changes) == set(STAFF_GROUPS)
    assert all(change["created"] and not change["removed"] for change in changes.values())
    for name, models in STAFF_GROUPS.items():
        assert held(name) == codenames(models), name  # nothing more, from any app


def test_the_table_is_what_the_groups_could_do_before_it():
    """The powers the data migrations gave (0003, 0005, 0017 before the reset): editors
    view, add and change every content model and read its history; reviewers also delete
    and publish. Issue 27 added the product schedules (16 models, 4 and 5 powers each)."""
    editors, reviewers = codenames(STAFF_GROUPS[EDITORS]), codenames(STAFF_GROUPS[REVIEWERS])
    assert len(CONTENT) == 16 and (len(editors), len(reviewers)) == (64, 81)
    assert reviewers - editors == {(m, f"delete_{m}") for m in CONTENT} | {
        ("source", "publish_content")
    }
    assert not {code for _, code in editors if code.startswith("delete_")}


def test_every_model_with_history_is_in_the_table():
    """A new content model is kept by staff too: left out of CONTENT, nobody but a
    superuser could open it in the admin."""
    tracked = {
        model._meta.model_name
        for model in apps.get_app_config("journeys").get_models()
        if issubclass(model, SeedTracked)
    }
    assert tracked == set(CONTENT)


def test_a_second_sync_changes_nothing():
    staff_groups_sync()
    before = every_group()
    assert staff_groups_sync() == {}
    assert every_group() == before


def test_a_permission_changed_by_hand_is_put_back():
    staff_groups_sync()
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.remove(Permission.objects.get(codename="change_step"))
    editors.permissions.add(Permission.objects.get(codename="publish_content"))
    other = Group.objects.create(name="Volunteers")
    other.permissions.add(Permission.objects.get(codename="view_step"))

    assert staff_groups_sync() == {
        EDITORS: {"created": False, "added": ["change_step"], "removed": ["publish_content"]}
    }
    assert held(EDITORS) == codenames(STAFF_GROUPS[EDITORS])
    assert held("Volunteers") == {("step", "view_step")}  # a group not in the table: untouched


def test_migrate_syncs_the_groups():
    """The receiver is connected: post_migrate (sent by every migrate and flush) makes them."""
    Group.objects.filter(name__in=STAFF_GROUPS).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    for name, models in STAFF_GROUPS.items():
        assert held(name) == codenames(models)
