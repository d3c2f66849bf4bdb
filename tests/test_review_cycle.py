"""The staff edit cycle never drops an edit (issue 10, items 1-5).

An editor's save of published words waits for a reviewer, visibly; reopening shows the
waiting edit, a second save builds on it, two editors never overwrite each other, an
unchanged field stays unchanged, and the reviewer sees exactly what changed.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from journeys.models import Status

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model, staff_groups):
    def make(name, group):
        user = django_user_model.objects.create_user(name, password="pw-12345", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        return client

    return {
        "editor": make("editor", "Editors"),
        "editor2": make("editor2", "Editors"),
        "reviewer": make("reviewer", "Medical reviewers"),
    }


@pytest.fixture
def step(db):
    f.care_center()
    stage = f.stage(slug="collection", order=1, name="Cell collection")
    return f.step(
        stage, key="arrive", order=1, title="Arrive", body="Come early.\n\nBring a snack."
    )


def url(obj):
    return f"/admin/journeys/{obj._meta.model_name}/{obj.pk}/change/"


def form_of(client, obj):
    """The change form's fields as the browser would send them back, unchanged."""
    html = client.get(url(obj)).content.decode()
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        data.setdefault(name, value)
    for name, body in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S
    ):
        data[name] = body.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    for name, inner in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', inner)
        data[name] = chosen if name == "sources" else (chosen[0] if chosen else "")
    data.pop("csrfmiddlewaretoken", None)
    # A reviewer's save that publishes gives the public one-line reason (issue 27 item 8);
    # an editor's form has no such field and ignores it.
    data.setdefault("publish_reason", "Checked by the reviewer.")
    return {k: v for k, v in data.items() if not k.startswith("_")} | {"_save": "Save"}


def test_an_editors_save_of_published_words_is_sent_for_review_and_says_so(people, step):
    response = people["editor"].post(
        url(step), form_of(people["editor"], step) | {"body": "Come at 8."}, follow=True
    )
    html = response.content.decode()
    assert "sent to a medical reviewer" in html
    step.refresh_from_db()
    assert step.pending["body"] == "Come at 8." and step.pending_status == Status.IN_REVIEW
    dashboard = people["reviewer"].get("/admin/review/").content.decode()
    assert "Waiting for a medical reviewer (1)" in dashboard and "Arrive" in dashboard


def test_reopening_shows_the_waiting_edit_and_a_second_save_builds_on_it(people, step):
    editor = people["editor"]
    editor.post(url(step), form_of(editor, step) | {"body": "Come at 8."})
    page = editor.get(url(step)).content.decode()
    assert "Come at 8." in page and "Come early." not in page.split("waiting-edit")[0]
    assert "You are editing the edit that waits for review" in page
    editor.post(url(step), form_of(editor, step) | {"title": "Arrive on time"})
    step.refresh_from_db()
    assert step.pending["body"] == "Come at 8."  # the first edit is still there
    assert step.pending["title"] == "Arrive on time"
    assert step.body.startswith("Come early.") and step.title == "Arrive"  # patients: unchanged


def test_two_editors_saving_over_each_other_are_refused_not_merged(people, step):
    first = form_of(people["editor"], step)
    second = form_of(people["editor2"], step)
    people["editor"].post(url(step), first | {"body": "Version one."})
    response = people["editor2"].post(url(step), second | {"body": "Version two."})
    assert response.status_code == 200  # the form again, with the reason
    assert "Someone else saved this item after you opened it" in response.content.decode()
    step.refresh_from_db()
    assert step.pending["body"] == "Version one."


def test_line_endings_from_the_browser_do_not_count_as_a_change(people, step):
    reviewer = people["reviewer"]
    data = form_of(reviewer, step)
    data["body"] = data["body"].replace("\n", "\r\n")
    versions = step.history.count()
    reviewer.post(url(step), data)
    step.refresh_from_db()
    assert step.body == "Come early.\n\nBring a snack." and "\r" not in step.body
    assert step.pending == {}
    latest = step.history.first()
    assert step.history.count() == versions + 1
    assert latest.diff_against(step.history.all()[1]).changed_fields == []


def test_the_reviewer_sees_what_changed_before_publishing(people, step):
    people["editor"].post(
        url(step), form_of(people["editor"], step) | {"body": "Come at 8.\n\nBring a snack."}
    )
    page = people["reviewer"].get(url(step)).content.decode()
    assert "<del>early.</del>" in page and "<ins>at 8.</ins>" in page
    dashboard = people["reviewer"].get("/admin/review/").content.decode()
    assert "<del>early.</del>" in dashboard and "<ins>at 8.</ins>" in dashboard
    history = people["reviewer"].get(f"/admin/journeys/step/{step.pk}/history/").content.decode()
    assert "<ins>at 8.</ins>" in history


def test_the_list_says_edit_waiting_and_editors_cannot_choose_published(people, step):
    draft = f.step(step.stage, key="new", order=2, title="New", body="Draft.", status=Status.DRAFT)
    people["editor"].post(url(step), form_of(people["editor"], step) | {"body": "Come at 8."})
    listing = people["editor"].get("/admin/journeys/step/").content.decode()
    assert "Published · edit waiting" in listing
    form = people["editor"].get(url(draft)).content.decode()
    status = re.search(r'<select name="status".*?</select>', form, re.S).group(0)
    assert 'value="published"' not in status and 'value="in_review"' in status
    reviewer_form = people["reviewer"].get(url(draft)).content.decode()
    assert 'value="published"' in re.search(
        r'<select name="status".*?</select>', reviewer_form, re.S
    ).group(0)


def center_form(client):
    center = __import__("journeys.models", fromlist=["CareCenter"]).CareCenter.load()
    return center, form_of(client, center)


def test_a_change_to_the_centers_phone_numbers_waits_for_a_reviewer(client, people, step):
    center, data = center_form(people["editor"])
    response = people["editor"].post(url(center), data | {"phone_after_hours": "(614) 293-8001"})
    assert response.status_code == 302
    center.refresh_from_db()
    assert center.phone_after_hours != "(614) 293-8001"  # patients still dial the old number
    assert center.pending["phone_after_hours"] == "(614) 293-8001"
    assert "(614) 293-8001" not in client.get("/urgent/").content.decode()
    dashboard = people["reviewer"].get("/admin/review/").content.decode()
    assert "<ins>(614) 293-8001</ins>" in dashboard
    people["reviewer"].post(
        "/admin/journeys/carecenter/",
        {"action": "publish", "_selected_action": [center.pk], "publish_reason": "Checked."},
    )
    assert 'href="tel:6142938001"' in client.get("/urgent/").content.decode()
    assert center.history.count() >= 2


@pytest.mark.parametrize("number", ["call the desk", "12", "555-CARE", "1; drop"])
def test_a_phone_number_that_cannot_be_dialled_is_refused(people, step, number):
    center, data = center_form(people["reviewer"])
    response = people["reviewer"].post(url(center), data | {"phone_day": number})
    assert response.status_code == 200
    assert "Enter a phone number a phone can dial" in response.content.decode()
    center.refresh_from_db()
    assert center.phone_day != number


def test_markdown_that_would_stall_a_page_is_a_form_error(people, step):
    data = form_of(people["reviewer"], step) | {"body": "[" * 400}
    response = people["reviewer"].post(url(step), data)
    assert response.status_code == 200
    assert "the most is 300 (one per link)" in response.content.decode()
    step.refresh_from_db()
    assert "[[[" not in step.body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", "Stay {stay_near_dayz} days.", "Unknown placeholder {stay_near_dayz}"),
        ("title", "Arrive by {time}", "Unknown placeholder {time}"),
    ],
)
def test_an_unknown_placeholder_is_a_form_error_and_nothing_is_saved(
    people, step, field, value, message
):
    data = form_of(people["reviewer"], step) | {field: value}
    response = people["reviewer"].post(url(step), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    step.refresh_from_db()
    assert getattr(step, field) != value and not step.pending


def test_a_placeholder_in_a_name_is_a_form_error(people, step):
    stage = step.stage
    data = form_of(people["reviewer"], stage) | {"name": "Day at {center_name}"}
    response = people["reviewer"].post(url(stage), data)
    assert response.status_code == 200
    assert "would be shown as written here" in response.content.decode()
    stage.refresh_from_db()
    assert "{center_name}" not in stage.name


# Issue 30, item 5: the "translation out of date" flag stayed on after the new Spanish was
# published from its change page (only the list action cleared it), and /admin/review/ kept
# listing it.
def test_publishing_the_new_spanish_from_its_change_page_clears_the_flag(people, step):
    from django.contrib.auth import get_user_model

    from journeys.content.governance.workflow import content_publish
    from journeys.models import Step, Translation, english_fingerprint

    spanish = Translation.objects.create(
        original=step,
        language="es",
        fields={"title": "Llegue", "body": "Llegue temprano."},
        status=Status.PUBLISHED,
        translates=english_fingerprint(step),
    )
    spanish.sources.set([f.source()])
    boss = get_user_model().objects.get(username="reviewer")
    step.pending, step.pending_status = {"body": "Come at 8."}, Status.IN_REVIEW
    step.save()
    content_publish(obj=Step.objects.get(pk=step.pk), user=boss, reason="Come at 8.")
    assert Translation.objects.get(pk=spanish.pk).is_out_of_date()

    reviewer = people["reviewer"]

    def out_of_date_table():
        page = reviewer.get("/admin/review/").content.decode()
        return page.split("Translations out of date", 1)[1].split("</table>", 1)[0]

    assert url(spanish) in out_of_date_table()
    data = form_of(reviewer, spanish)
    body_key = next(k for k, v in data.items() if v == "Llegue temprano.")
    response = reviewer.post(
        url(spanish), data | {body_key: "Llegue a las 8.", "publish_reason": "Follows the English."}
    )
    assert response.status_code == 302
    spanish.refresh_from_db()
    assert spanish.fields["body"] == "Llegue a las 8."
    assert not spanish.is_out_of_date()
    assert url(spanish) not in out_of_date_table()
