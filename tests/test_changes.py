"""What changed, in public (issue 27, item 8): /changes/ lists what a medical reviewer
published, when, and the reviewer's one-line reason, newest first, in both languages.
Publishing without a reason is refused; drafts and withdrawn items never show there."""

import datetime
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from journeys.content.governance.workflow import content_propose, content_publish
from journeys.models import PublishedChange, Status, Step
from journeys.views.pages import CHANGES_PER_PAGE

from . import factories as f

pytestmark = pytest.mark.django_db


def _member(user_model, name, group):
    user = user_model.objects.create_user(name, password="pw-12345", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def people(django_user_model, staff_groups):
    editor, editor_client = _member(django_user_model, "editor", "Editors")
    reviewer, reviewer_client = _member(django_user_model, "reviewer", "Medical reviewers")
    return {"editor": editor, "editor_client": editor_client, "reviewer": reviewer,
            "reviewer_client": reviewer_client}  # fmt: skip


@pytest.fixture
def stage(db):
    f.care_center()
    return f.stage(slug="collection", order=1, name="Cell collection")


def _text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _changes(client, lang=""):
    response = client.get(f"{lang}/changes/")
    assert response.status_code == 200
    return response.content.decode()


def _step_form(step, **changes):
    data = {
        "stage": step.stage_id, "key": step.key, "order": step.order, "product": "",
        "title": step.title, "body": step.body, "status": step.status,
        "last_reviewed": step.last_reviewed or "", "review_every": step.review_every,
        "audience": step.audience, "language": step.language,
        "sources": [s.pk for s in step.sources.all()], "publish_reason_language": "en",
    }  # fmt: skip
    return data | changes


def test_publishing_with_a_reason_lists_it_with_the_date(client, people, stage):
    step = f.step(stage, key="arrive", title="Arrive early", status=Status.IN_REVIEW)
    response = people["reviewer_client"].post(
        "/admin/journeys/step/",
        {
            "action": "publish",
            "_selected_action": [step.pk],
            "publish_reason": "New step on arriving, checked against the center's plan.",
        },
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == Status.PUBLISHED

    html = _changes(client)
    text = _text(html)
    today = timezone.localdate()
    assert f'datetime="{today:%Y-%m-%d}"' in html
    assert f"{today:%B} {today.day}, {today.year}" in text
    assert "Arrive early" in text and "Step" in text
    assert "New step on arriving, checked against the center's plan." in text
    listed = re.search(r'<ol class="change-list">.*?</ol>', html, re.S).group(0)
    assert people["reviewer"].username not in listed  # who published stays with staff

    # Spanish: the page is translated; the reason is shown as written, marked English.
    es = _changes(client, "/es")
    assert "Qué cambió" in es
    assert '<span lang="en">New step on arriving' in es
    assert "(en inglés)" in _text(es)


def test_publishing_without_a_reason_is_refused_with_a_clear_message(client, people, stage):
    step = f.step(stage, key="arrive", title="Arrive early", status=Status.IN_REVIEW)
    for reason in (None, "", "   "):
        data = {"action": "publish", "_selected_action": [step.pk]}
        if reason is not None:
            data["publish_reason"] = reason
        response = people["reviewer_client"].post("/admin/journeys/step/", data)
        body = response.content.decode()
        # The first post (no field) asks; a blank or empty reason is refused.
        assert response.status_code == (200 if reason is None else 400)
        assert "Reason for publishing" in body
        if reason is not None:
            assert "Write a one-line reason for publishing" in body
        step.refresh_from_db()
        assert step.status == Status.IN_REVIEW
    assert not PublishedChange.objects.exists()
    assert "Arrive early" not in _text(_changes(client))

    with pytest.raises(ValidationError, match="one-line reason"):
        content_publish(obj=step, user=people["reviewer"], reason=" ")
    step.refresh_from_db()
    assert step.status == Status.IN_REVIEW


def test_a_reviewer_saving_the_change_form_must_give_a_reason(client, people, stage):
    step = f.step(stage, key="arrive", title="Arrive early", status=Status.IN_REVIEW)
    url = f"/admin/journeys/step/{step.pk}/change/"
    refused = people["reviewer_client"].post(url, _step_form(step, status="published"))
    assert refused.status_code == 200
    assert "Write a one-line reason for publishing" in refused.content.decode()
    step.refresh_from_db()
    assert step.status == Status.IN_REVIEW

    done = people["reviewer_client"].post(
        url,
        _step_form(
            step,
            status="published",
            publish_reason="Paso revisado con el plan del centro.",
            publish_reason_language="es",
        ),
    )
    assert done.status_code == 302
    step.refresh_from_db()
    assert step.status == Status.PUBLISHED and step.published_by == people["reviewer"]
    change = PublishedChange.objects.get()
    assert change.reason_language == "es" and change.item == "Arrive early"
    assert '<span lang="es">Paso revisado' in _changes(client)
    assert "<span>Paso revisado con el plan del centro.</span>" in _changes(client, "/es")

    # A reviewer's save that changes nothing a patient reads needs no reason.
    step.refresh_from_db()
    same = people["reviewer_client"].post(url, _step_form(step))
    assert same.status_code == 302
    assert PublishedChange.objects.count() == 1


def test_drafts_waiting_edits_and_withdrawn_items_never_show(client, people, stage):
    step = f.step(stage, key="arrive", title="Arrive early", status=Status.IN_REVIEW)
    content_publish(obj=step, user=people["reviewer"], reason="First version.")
    f.step(stage, key="secret", title="Unpublished draft title", status=Status.DRAFT)

    # An editor's waiting edit of the published step: its words stay off the page.
    content_propose(
        obj=Step.objects.get(pk=step.pk), changes={"title": "Waiting edit title"}, submit=True
    )
    text = _text(_changes(client))
    assert "Arrive early" in text and "First version." in text
    assert "Waiting edit title" not in text and "Unpublished draft title" not in text

    # Published again with the edit: the new title shows, the old entry stays.
    content_publish(obj=Step.objects.get(pk=step.pk), user=people["reviewer"], reason="Clearer.")
    text = _text(_changes(client))
    assert text.index("Waiting edit title") < text.index("Arrive early")  # newest first

    # Withdrawn (back to draft): nothing of it is listed any more.
    Step.objects.filter(pk=step.pk).update(status=Status.DRAFT)
    text = _text(_changes(client))
    assert "Waiting edit title" not in text and "Arrive early" not in text
    assert "Nothing has been published through review yet." in text


def test_the_list_is_newest_first_and_paginated(client, people, stage):
    now = timezone.now()
    steps = []
    for n in range(CHANGES_PER_PAGE + 2):
        step = f.step(stage, key=f"s{n}", order=n + 1, title=f"Step number {n:02d}")
        content_publish(obj=step, user=people["reviewer"], reason=f"Reason {n:02d}.")
        steps.append(step)
    # Spread the dates: step n published n days ago.
    for n, step in enumerate(steps):
        PublishedChange.objects.filter(object_id=step.pk).update(
            published_at=now - datetime.timedelta(days=n)
        )
    first = _text(_changes(client))
    assert first.index("Step number 00") < first.index("Step number 01")
    assert "Step number 31" not in first and "Older changes" in first
    second = client.get("/changes/?page=2")
    assert second.status_code == 200
    assert "Step number 31" in _text(second.content.decode())
    for bad in ("3", "0", "abc", "²"):
        assert client.get(f"/changes/?page={bad}").status_code == 404


def test_linked_from_about_and_the_footer_in_both_languages(client, stage):
    for lang, label in (("", "What changed"), ("/es", "Qué cambió")):
        about = client.get(f"{lang}/about/").content.decode()
        assert f'href="{lang}/changes/"' in about
        footer = about[about.index('<footer class="site-footer">') :]
        assert f'<a href="{lang}/changes/">{label}</a>' in footer
