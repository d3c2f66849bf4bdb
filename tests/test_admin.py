"""Every admin changelist, add and change page answers 200 for staff, with the real content."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda kv: kv[0]._meta.label)
IDS = [model._meta.label for model, _ in MODEL_ADMINS]


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_changelist_add_and_change_pages(seeded_db, staff_client, model, model_admin):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert staff_client.get(changelist).status_code == 200
    assert staff_client.get(changelist, {"q": "cell"}).status_code == 200

    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    expected_add = 200 if model_admin.has_add_permission(_request(staff_client)) else 403
    assert staff_client.get(add).status_code == expected_add

    obj = model.objects.order_by("pk").first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert staff_client.get(change).status_code == 200


def _request(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    from django.contrib.auth import get_user_model

    request.user = get_user_model().objects.get(username="staff")
    return request


@pytest.mark.parametrize("review", ["overdue", "30", "ok"])
def test_review_due_filter(seeded_db, staff_client, review):
    url = reverse("admin:journeys_stage_changelist")
    response = staff_client.get(url, {"review": review})
    assert response.status_code == 200


def test_every_content_model_is_in_admin():
    from journeys.models import CONTENT_MODELS, CareCenter, Source

    assert set(CONTENT_MODELS) | {CareCenter, Source} <= set(admin.site._registry)


def test_sources_use_autocomplete(seeded_db, staff_client):
    from journeys.models import Stage

    stage = Stage.objects.first()
    html = staff_client.get(
        reverse("admin:journeys_stage_change", args=[stage.pk])
    ).content.decode()
    assert "data-autocomplete-light-url" in html or "admin-autocomplete" in html


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("admin:journeys_stage_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
