"""No admin path lets an editor put words in front of patients without a medical reviewer.

Issue 29, item 1: a reviewer withdrew an item (saved it as Draft); an editor opened the
admin history page, picked the published version and saved it, and the withdrawn words
were public again. Every path that writes a reviewed row (change, add, history revert,
list actions, import, inline) is walked here as an editor, for every reviewed model
(content, translations, further reading, the center's phone numbers): the change is
compared with the row as it is STORED, and kept as a waiting edit when the stored row is
published.
"""

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client

from journeys.content.governance.resources import resource_import
from journeys.content.models.base import Reviewed
from journeys.content.models.care_center import validate_phone_number
from journeys.models import Resource, Stage, Status, Step, Translation

pytestmark = pytest.mark.django_db

#: What the review cycle stamps; an editor's save never writes these from an old version.
REVIEW_FIELDS = ("status", "published_at", "published_by_id", "review_reason")


class AdminForm(HTMLParser):
    """The fields a browser would send from the admin's main form (`<model>_form`)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.data, self._form, self._select, self._textarea = {}, False, None, None
        self._options = []
        self.feed(html)

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = (a.get("id") or "").endswith("_form")
        if not self._form or "disabled" in a:
            if tag == "select":
                self._select = None
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self._add(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in a), []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = False
        elif tag == "textarea":
            if self._textarea:  # the browser drops the one newline after <textarea>
                self.data[self._textarea][-1] = self.data[self._textarea][-1].removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            for value in chosen:
                self._add(name, value)
            self._select = None


def form_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    data = AdminForm(response.content.decode()).data
    data["_save"] = ["Save"]
    return data


def reviewed_admins():
    """(model, admin class) for every reviewed model the admin edits."""
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if issubclass(model, Reviewed)
    ]


@pytest.fixture
def editor(django_user_model, staff_groups):
    user = django_user_model.objects.create_user("ed", password="pw-12345", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reviewer(django_user_model, staff_groups):
    user = django_user_model.objects.create_user("rev", password="pw-12345", is_staff=True)
    user.groups.add(Group.objects.get(name="Medical reviewers"))
    return user


def admin_url(obj, suffix="change/"):
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/{suffix}"


RESOURCE = (
    "---\n"
    "title: {title}\n"
    "source: Test\nurl: https://example.org/\nlicense: CC-BY-4.0\n"
    "lastReviewed: 2026-01-01\nreviewFrequency: annually\naudienceLevel: all\n"
    "language: en\nstatus: active\nversion: 9\n---\n{body}\n"
)


def a_published_row(model):
    if model is Resource and not Resource.objects.filter(status=Status.PUBLISHED).exists():
        text = RESOURCE.format(title="Further reading", body="Words a reviewer read.")
        resource_import(name="further-reading.md", text=text, may_publish=True)
    obj = model.objects.filter(status=Status.PUBLISHED, pending={}).order_by("pk").first()
    assert obj is not None, f"the seeds have no published {model.__name__}"
    return obj


def words_field(model):
    """A text field of the model that an edit can change (Translation keeps its in `fields`)."""
    if model is Translation:
        return "fields"
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, (models.CharField, models.TextField))
            and field.editable
            and not field.unique
            and not field.choices
            and field.name not in {"key", "slug", "language", "pronunciation"}
            and validate_phone_number not in field.validators
        ):
            return field.name
    # A row of numbers only (a product's schedule): one of its day counts.
    for name in ("stay_near_days", "no_driving_days"):
        if any(f.name == name for f in model._meta.concrete_fields):
            return name
    raise AssertionError(f"no text field on {model.__name__}")


def changed_words(obj, name):
    value = getattr(obj, name)
    if isinstance(value, dict):
        key = next(iter(value))
        return value | {key: value[key] + " CHANGED"}
    if isinstance(value, int):
        return value + 1
    return (value or "") + " CHANGED"


def stored(obj):
    return type(obj)._base_manager.get(pk=obj.pk)


@pytest.mark.usefixtures("seeded_db")
def test_every_reviewed_model_is_walked():
    names = {model.__name__ for model, _admin in reviewed_admins()}
    assert {"CareCenter", "Translation", "Resource", "Step", "Product", "Stage"} <= names


@pytest.mark.usefixtures("seeded_db")
@pytest.mark.parametrize("model_name", [m.__name__ for m, _a in reviewed_admins()])
def test_history_revert_never_republishes_withdrawn_words(editor, reviewer, model_name):
    model = apps.get_model("journeys", model_name)
    obj = a_published_row(model)
    obj.published_by = reviewer
    obj.save()  # the published version, in history
    published_version = obj.history.latest().history_id
    obj.status = Status.DRAFT  # the reviewer withdraws it
    obj.save()
    before = {name: getattr(stored(obj), name) for name in REVIEW_FIELDS}

    url = admin_url(obj, f"history/{published_version}/")
    response = editor.post(url, form_of(editor, url))

    assert response.status_code in {200, 302}
    after = stored(obj)
    assert after.status != Status.PUBLISHED, f"{model_name}: an editor republished it"
    assert after.published_by_id == before["published_by_id"] or after.published_by_id is None
    assert after.published_at == before["published_at"]


@pytest.mark.usefixtures("seeded_db")
@pytest.mark.parametrize("model_name", [m.__name__ for m, _a in reviewed_admins()])
def test_history_revert_of_published_words_waits_for_a_reviewer(editor, model_name):
    model = apps.get_model("journeys", model_name)
    obj = a_published_row(model)
    name = words_field(model)
    obj.save()
    old_version = obj.history.latest()
    setattr(obj, name, changed_words(obj, name))
    obj.save()  # what patients read now
    now_words = getattr(stored(obj), name)

    url = admin_url(obj, f"history/{old_version.history_id}/")
    response = editor.post(url, form_of(editor, url))

    assert response.status_code == 302, model_name
    after = stored(obj)
    assert getattr(after, name) == now_words, f"{model_name}: the revert went straight out"
    assert after.status == Status.PUBLISHED
    assert after.pending_status == Status.IN_REVIEW
    assert after.pending.get(name) == getattr(old_version, name)


@pytest.mark.usefixtures("seeded_db")
@pytest.mark.parametrize("model_name", [m.__name__ for m, _a in reviewed_admins()])
def test_change_page_keeps_an_editors_edit_waiting(editor, model_name):
    model = apps.get_model("journeys", model_name)
    obj = a_published_row(model)
    name = words_field(model)
    before = getattr(obj, name)
    data = form_of(editor, admin_url(obj))
    if model is Translation:
        box = next(k for k in data if k.startswith("words_"))
        data[box] = [data[box][0] + " CHANGED"]
        name = "fields"
    elif data[name][0].isdigit():
        data[name] = [str(int(data[name][0]) + 1)]
    else:
        data[name] = [data[name][0] + " CHANGED"]
    response = editor.post(admin_url(obj), data)
    assert response.status_code == 302, model_name
    after = stored(obj)
    assert getattr(after, name) == before and after.status == Status.PUBLISHED
    assert after.pending_status == Status.IN_REVIEW and name in after.pending


@pytest.mark.usefixtures("seeded_db")
@pytest.mark.parametrize("model_name", [m.__name__ for m, _a in reviewed_admins()])
def test_change_page_refuses_a_crafted_publish_of_a_withdrawn_row(editor, model_name):
    model = apps.get_model("journeys", model_name)
    obj = a_published_row(model)
    obj.status = Status.DRAFT
    obj.save()
    data = form_of(editor, admin_url(obj))
    data["status"] = [Status.PUBLISHED]
    editor.post(admin_url(obj), data)
    assert stored(obj).status == Status.DRAFT, model_name


@pytest.mark.usefixtures("seeded_db")
@pytest.mark.parametrize("model_name", [m.__name__ for m, _a in reviewed_admins()])
def test_list_actions_never_publish_for_an_editor(editor, model_name):
    model = apps.get_model("journeys", model_name)
    obj = a_published_row(model)
    obj.status = Status.IN_REVIEW
    obj.save()
    opts = model._meta
    for action in ["publish", "send_back", "submit_for_review"]:
        editor.post(
            f"/admin/{opts.app_label}/{opts.model_name}/",
            {"action": action, "_selected_action": [obj.pk]},
        )
    assert stored(obj).status == Status.IN_REVIEW, model_name


@pytest.mark.usefixtures("seeded_db")
def test_add_page_refuses_a_crafted_publish(editor):
    stage = Stage.objects.order_by("pk").first()
    data = form_of(editor, "/admin/journeys/step/add/")
    data |= {
        "stage": [stage.pk],
        "key": ["crafted"],
        "order": ["99"],
        "title": ["Crafted"],
        "body": ["Words no reviewer read."],
        "status": [Status.PUBLISHED],
    }
    editor.post("/admin/journeys/step/add/", data)
    assert not Step.objects.filter(key="crafted", status=Status.PUBLISHED).exists()


@pytest.mark.usefixtures("seeded_db")
def test_inline_edit_of_a_published_step_waits(editor):
    step = Step.objects.filter(status=Status.PUBLISHED, pending={}).order_by("pk").first()
    stage = step.stage
    data = form_of(editor, admin_url(stage))
    key = next(k for k, v in data.items() if k.endswith("-id") and v == [str(step.pk)])
    prefix = key.removesuffix("-id")
    data[f"{prefix}-body"] = [data[f"{prefix}-body"][0] + " CHANGED"]
    response = editor.post(admin_url(stage), data)
    assert response.status_code == 302
    after = stored(step)
    assert after.body == step.body and after.pending_status == Status.IN_REVIEW
    assert after.pending["body"].endswith(" CHANGED")


@pytest.mark.usefixtures("seeded_db")
def test_inline_cannot_publish_a_withdrawn_step(editor):
    step = Step.objects.filter(status=Status.PUBLISHED, pending={}).order_by("pk").first()
    step.status = Status.DRAFT
    step.save()
    data = form_of(editor, admin_url(step.stage))
    key = next(k for k, v in data.items() if k.endswith("-id") and v == [str(step.pk)])
    data[f"{key.removesuffix('-id')}-status"] = [Status.PUBLISHED]
    editor.post(admin_url(step.stage), data)
    assert stored(step).status == Status.DRAFT


@pytest.mark.usefixtures("seeded_db")
def test_import_of_a_published_resource_waits(editor):
    resource = a_published_row(Resource)
    text = RESOURCE.format(title=resource.title, body="New words from an upload.")
    upload = SimpleUploadedFile(f"{resource.slug}.md", text.encode())
    editor.post("/admin/journeys/resource/import/", {"document": upload})
    after = stored(resource)
    assert after.status == Status.PUBLISHED and after.body == resource.body
    assert after.pending.get("body") == "New words from an upload."


@pytest.mark.usefixtures("seeded_db")
def test_an_old_phone_number_from_history_waits_for_a_reviewer(editor):
    """The numbers patients call: an editor restoring an old one from history sends it to a
    reviewer; patients keep the number that is published now."""
    from journeys.models import CareCenter

    center = CareCenter.objects.get()
    center.phone_after_hours = "(555) 010-0150"
    center.save()
    old = center.history.latest()
    center.phone_after_hours = "(555) 010-0199"
    center.save()
    url = admin_url(center, f"history/{old.history_id}/")
    assert editor.post(url, form_of(editor, url)).status_code == 302
    after = stored(center)
    assert after.phone_after_hours == "(555) 010-0199" and after.status == Status.PUBLISHED
    assert after.pending == {"phone_after_hours": "(555) 010-0150"}
    assert after.pending_status == Status.IN_REVIEW
