"""Every admin changelist, add and change page answers 200 for staff, with the real content."""

import datetime
import re
from html import unescape

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda kv: kv[0]._meta.label)
IDS = [model._meta.label for model, _ in MODEL_ADMINS]


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_changelist_add_and_change_pages(seeded_db, staff_client, model, model_admin):
    opts = model._meta
    obj = _a_row(model)
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = staff_client.get(changelist)
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count()
    assert _title(response) == f"Select {opts.verbose_name} to change"
    assert f"{opts.model_name}/{obj.pk}/change/" in response.content.decode()
    searched = staff_client.get(changelist, {"q": "cell"})
    assert searched.status_code == 200
    if model_admin.search_fields:
        assert 'name="q" value="cell"' in searched.content.decode()
        assert searched.context["cl"].result_count <= model.objects.count()

    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    response = staff_client.get(add)
    if model_admin.has_add_permission(_request(staff_client)):
        assert response.status_code == 200
        assert _title(response) == f"Add {opts.verbose_name}"
        _assert_form_fields_shown(response)
    else:
        assert response.status_code == 403

    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = staff_client.get(change)
    assert response.status_code == 200
    assert response.context["original"] == obj
    assert escape(str(obj)).split()[0] in response.content.decode()
    _assert_form_fields_shown(response)


def _title(response):
    return unescape(re.search(r"<title>(.*?) \|", response.content.decode()).group(1))


def _assert_form_fields_shown(response):
    """Every field of the main form is on the page (the admin renders what the form has)."""
    html = response.content.decode()
    form = response.context["adminform"].form
    for name in form.fields:
        assert re.search(rf'id="{form[name].auto_id}(_\d)?"', html), name


def _a_row(model):
    """A row to open: the shipped content has most; the few models it has none of get one."""
    obj = model.objects.order_by("pk").first()
    if obj is None:
        obj = EXTRA_ROWS[model._meta.label]()
    return obj


def _resource():
    from journeys.models import Resource

    return Resource.objects.create(slug="bring-a-book", title="Bring a book", body="Days are long.")


def _access(model_name, **fields):
    from django.apps import apps

    model = apps.get_model("axes", model_name)
    request_info = {"user_agent": "pytest", "ip_address": "192.0.2.1", "http_accept": "*/*"}
    return model.objects.create(
        username="someone", path_info="/admin/login/", **request_info, **fields
    )


#: The registered models the seeds ship no row of (the test fails for any other one).
EXTRA_ROWS = {
    "journeys.Resource": _resource,
    "axes.AccessAttempt": lambda: _access(
        "AccessAttempt", get_data="", post_data="", failures_since_start=1
    ),
    "axes.AccessFailureLog": lambda: _access("AccessFailureLog"),
}


def _request(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    from django.contrib.auth import get_user_model

    request.user = get_user_model().objects.get(username="staff")
    return request


@pytest.mark.parametrize(
    ("review", "expected"),
    [("overdue", {"overdue"}), ("30", {"overdue", "due soon"}), ("ok", {"reviewed"})],
)
@pytest.mark.usefixtures("frozen_today")
def test_review_due_filter(seeded_db, staff_client, review, expected):
    """One stage overdue, one due within 30 days, the rest just reviewed: each filter's rows."""
    from journeys.models import ReviewInterval, Stage

    today = timezone.localdate()
    Stage.objects.update(
        last_reviewed=today, review_every=ReviewInterval.QUARTERLY, review_reason=""
    )
    stages = list(Stage.objects.order_by("order"))
    kinds = {stages[0].pk: "overdue", stages[1].pk: "due soon"}
    for pk, days_ago in [(stages[0].pk, 200), (stages[1].pk, 75)]:
        reviewed = today - datetime.timedelta(days=days_ago)
        Stage.objects.filter(pk=pk).update(last_reviewed=reviewed)
    response = staff_client.get(reverse("admin:journeys_stage_changelist"), {"review": review})
    assert response.status_code == 200
    shown = response.context["cl"].result_list
    assert {kinds.get(stage.pk, "reviewed") for stage in shown} == expected
    wanted = [s for s in stages if kinds.get(s.pk, "reviewed") in expected]
    assert len(shown) == len(wanted)
    page = response.content.decode()
    assert all(escape(stage.name) in page for stage in wanted)


def test_every_content_model_is_in_admin():
    from journeys.models import CONTENT_MODELS, CareCenter, Source

    assert set(CONTENT_MODELS) | {CareCenter, Source} <= set(admin.site._registry)


def test_sources_use_autocomplete(seeded_db, staff_client):
    from journeys.models import Stage

    stage = Stage.objects.first()
    html = staff_client.get(
        reverse("admin:journeys_stage_change", args=[stage.pk])
    ).content.decode()
    select = re.search(r'<select name="sources"[^>]*>', html).group(0)
    assert 'class="admin-autocomplete"' in select
    assert f'data-ajax--url="{reverse("admin:autocomplete")}"' in select


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("admin:journeys_stage_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
