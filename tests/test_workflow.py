"""Review workflow: editors submit, medical reviewers publish; patients see only published words."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from journeys.content.governance.workflow import content_publish, product_label_changed
from journeys.models import Status, Step

from . import factories as f
from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = pytest.mark.django_db


def staff_member(user_model, name, group):
    """A staff user in one of the groups `migrate` makes, and a client logged in as them."""
    user = user_model.objects.create_user(name, password="pw-12345", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def people(django_user_model, staff_groups):
    editor, editor_client = staff_member(django_user_model, "editor", "Editors")
    reviewer, reviewer_client = staff_member(django_user_model, "reviewer", "Medical reviewers")
    return {
        "editor": editor,
        "editor_client": editor_client,
        "reviewer": reviewer,
        "reviewer_client": reviewer_client,
    }


@pytest.fixture
def stage(db):
    f.care_center()
    stage = f.stage(slug="collection", order=1, name="Cell collection")
    step = f.step(stage, key="arrive", order=1, title="Arrive", body="Come early.")
    return stage, step


def step_form(step, **changes):
    data = {
        "stage": step.stage_id,
        "key": step.key,
        "order": step.order,
        "product": "",
        "title": step.title,
        "body": step.body,
        "status": step.status,
        "last_reviewed": step.last_reviewed or "",
        "review_every": step.review_every,
        "audience": step.audience,
        "language": step.language,
        "sources": [s.pk for s in step.sources.all()],
        # A reviewer's save that publishes needs the public reason; editors have no field.
        "publish_reason": "Checked by the reviewer.",
    }
    return data | changes


def change_url(step):
    return f"/admin/journeys/step/{step.pk}/change/"


def test_groups_exist_with_the_right_power(db):
    editors = Group.objects.get(name="Editors")
    reviewers = Group.objects.get(name="Medical reviewers")
    codes = lambda g: set(g.permissions.values_list("codename", flat=True))  # noqa: E731
    assert "change_step" in codes(editors) and "publish_content" not in codes(editors)
    assert {"change_step", "publish_content"} <= codes(reviewers)


def test_editor_cannot_publish_by_a_crafted_post(people, stage):
    _, _step = stage
    draft = f.step(
        _step.stage, key="new", order=2, title="New", body="Draft words.", status=Status.DRAFT
    )
    response = people["editor_client"].post(change_url(draft), step_form(draft, status="published"))
    assert response.status_code == 200  # the form comes back with an error
    assert "Only a medical reviewer can publish" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_editor_cannot_use_the_publish_action(people, stage):
    _, _step = stage
    draft = f.step(
        _step.stage, key="new", order=2, title="New", body="Draft.", status=Status.IN_REVIEW
    )
    people["editor_client"].post(
        "/admin/journeys/step/",
        {"action": "publish", "_selected_action": [draft.pk], "publish_reason": "Checked."},
    )
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW
    with pytest.raises(PermissionDenied, match="Only a medical reviewer"):
        content_publish(obj=draft, user=people["editor"], reason="Checked.")


@pytest.mark.usefixtures("frozen_today")
def test_reviewer_publishes_and_it_is_stamped(people, stage):
    _, _step = stage
    draft = f.step(
        _step.stage,
        key="new",
        order=2,
        title="New",
        body="Draft.",
        status=Status.IN_REVIEW,
        last_reviewed=datetime.date(2020, 1, 1),
    )
    people["reviewer_client"].post(
        "/admin/journeys/step/",
        {"action": "publish", "_selected_action": [draft.pk], "publish_reason": "Checked."},
    )
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_by == people["reviewer"]
    assert draft.published_at is not None
    assert draft.last_reviewed == timezone.localdate()


def test_edit_of_published_content_waits_for_review(client, people, stage):
    _, step = stage
    response = people["editor_client"].post(
        change_url(step), step_form(step, body="New words from the editor.", status="in_review")
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.body == "Come early." and step.status == Status.PUBLISHED
    assert step.pending["body"] == "New words from the editor."
    assert step.pending_status == Status.IN_REVIEW

    # Patients still see the published words; staff preview shows the edit.
    assert "Come early." in client.get("/journey/collection/").content.decode()
    assert "New words" not in client.get("/journey/collection/?preview=1").content.decode()
    preview = people["editor_client"].get("/journey/collection/?preview=1").content.decode()
    assert "New words from the editor." in preview and "Staff preview" in preview

    people["reviewer_client"].post(
        "/admin/journeys/step/",
        {"action": "publish", "_selected_action": [step.pk], "publish_reason": "Checked."},
    )
    step.refresh_from_db()
    assert step.body == "New words from the editor." and step.pending == {}
    assert "New words from the editor." in client.get("/journey/collection/").content.decode()


def test_send_back_returns_the_edit_as_a_draft(people, stage):
    _, step = stage
    people["editor_client"].post(
        change_url(step), step_form(step, body="Edit.", status="in_review")
    )
    people["reviewer_client"].post(
        "/admin/journeys/step/", {"action": "send_back", "_selected_action": [step.pk]}
    )
    step.refresh_from_db()
    assert step.pending_status == Status.DRAFT and step.pending["body"] == "Edit."
    assert step.body == "Come early."


def test_drafts_are_only_previewable_by_staff(client, people, stage):
    f.stage(slug="secret", order=5, name="Secret stage", status=Status.DRAFT)
    assert client.get("/journey/secret/").status_code == 404
    assert client.get("/journey/secret/?preview=1").status_code == 404
    assert people["editor_client"].get("/journey/secret/?preview=1").status_code == 200
    people["editor_client"].get("/journey/?preview=0")
    assert people["editor_client"].get("/journey/secret/").status_code == 404


def test_revert_restores_the_exact_text_as_a_new_version(people, stage):
    _, step = stage
    original = step.body
    people["reviewer_client"].post(change_url(step), step_form(step, body="Changed by reviewer."))
    step.refresh_from_db()
    assert step.body == "Changed by reviewer."
    versions = list(step.history.order_by("history_date"))
    old = next(v for v in versions if v.body == original)
    history_url = f"/admin/journeys/step/{step.pk}/history/{old.history_id}/"
    page = people["reviewer_client"].get(history_url)
    assert page.status_code == 200 and original in page.content.decode()
    response = people["reviewer_client"].post(history_url, step_form(step, body=original))
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.body == original
    assert step.history.count() == len(versions) + 1  # a new version, nothing erased


def test_history_page_shows_who_changed_what(people, stage):
    _, step = stage
    people["reviewer_client"].post(change_url(step), step_form(step, body="Second words."))
    html = (
        people["reviewer_client"].get(f"/admin/journeys/step/{step.pk}/history/").content.decode()
    )
    assert "reviewer" in html and "Second words." in html


def test_label_change_flags_everything_that_cites_the_product(people, stage):
    stage_obj, _ = stage
    product = f.product(slug="yescarta", brand_name="Yescarta", label_version="v1")
    cited = f.step(stage_obj, key="yes", order=3, product=product)
    other = f.step(stage_obj, key="gen", order=4)
    sign = f.warning_sign(name="Tummy trouble")
    sign.products.set([product])
    count = product_label_changed(product=product, reason="Label changed")
    assert count == 2
    cited.refresh_from_db()
    other.refresh_from_db()
    sign.refresh_from_db()
    assert cited.review_reason and sign.review_reason and not other.review_reason
    assert cited in Step.objects.review_due()


def test_label_change_in_admin_flags_citing_items(people, stage):
    stage_obj, _ = stage
    product = f.product(slug="yescarta", brand_name="Yescarta", label_version="v1")
    cited = f.step(stage_obj, key="yes", order=3, product=product)
    html = people["reviewer_client"].get(f"/admin/journeys/product/{product.pk}/change/")
    assert html.status_code == 200
    from django.forms.models import model_to_dict

    data = {k: ("" if v is None else v) for k, v in model_to_dict(product).items()}
    data["sources"] = [s.pk for s in product.sources.all()]
    data["label_version"] = "v2"
    data["publish_reason"] = "New label v2."
    data.update(
        {
            "indications-TOTAL_FORMS": 0,
            "indications-INITIAL_FORMS": 0,
            "indications-MIN_NUM_FORMS": 0,
            "indications-MAX_NUM_FORMS": 1000,
        }
    )
    response = people["reviewer_client"].post(f"/admin/journeys/product/{product.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    cited.refresh_from_db()
    assert "v2" in cited.review_reason


@pytest.mark.usefixtures("frozen_today")
def test_content_report_exit_codes(stage, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("content_report")  # the factory rows were never reviewed
    assert exc.value.code == 1
    Step.objects.update(last_reviewed=timezone.localdate())
    from journeys.models import Stage

    Stage.objects.update(last_reviewed=timezone.localdate())
    call_command("content_report")
    out = capsys.readouterr().out
    assert "Overdue or flagged: 0" in out and "Average reading grade" in out


@pytest.mark.usefixtures("frozen_today")
def test_content_report_lists_overdue_and_due_soon(stage, capsys):
    _, step = stage
    today = timezone.localdate()
    Step.objects.filter(pk=step.pk).update(last_reviewed=today - datetime.timedelta(days=100))
    from journeys.models import Stage

    Stage.objects.update(last_reviewed=today - datetime.timedelta(days=80))
    with pytest.raises(SystemExit):
        call_command("content_report")
    out = capsys.readouterr().out
    overdue = out.split("Overdue or flagged:")[1].split("Due within")[0]
    due_soon = out.split("Due within 30 days:")[1].split("Waiting")[0]
    assert "Arrive" in overdue and "Cell collection" in due_soon


def test_dashboard_shows_review_status(people, stage):
    from django.contrib import admin
    from django.urls import reverse

    assert reverse("admin:review_dashboard") == "/admin/review/"
    html = people["editor_client"].get("/admin/review/").content.decode()
    assert "Overdue or flagged" in html and "Average reading grade" in html
    # Header and navigation come from the admin site, which also guards the page.
    assert str(admin.site.site_header) in html and 'id="nav-sidebar"' in html
    assert Client().get("/admin/review/").status_code == 302


def test_reading_grade_is_shown_with_a_warning(people, stage):
    stage_obj, _ = stage
    f.step(
        stage_obj,
        key="hard",
        order=7,
        title="Hard",
        body="Immunological characterization notwithstanding, multidimensional pharmacokinetic "
        "considerations necessitate individualized interdisciplinary deliberation regarding "
        "administration.",
    )
    html = people["editor_client"].get("/admin/journeys/step/").content.decode()
    assert "above grade 8" in html


def test_hostile_markdown_from_admin_never_reaches_patients(client, people, stage):
    _, step = stage
    hostile = (
        "<script>alert(1)</script><img src=x onerror=alert(2)>"
        '<iframe src="https://evil.example"></iframe><style>*{}</style>'
        '[x](javascript:alert(3)) <a href="#" onclick="x()">y</a>'
    )
    people["reviewer_client"].post(change_url(step), step_form(step, body=hostile))
    step.refresh_from_db()
    assert step.body == hostile  # stored as written: nothing staff typed is lost
    html = client.get("/journey/collection/").content.decode().lower()
    body = html.split('id="step-panel"')[1].split("</section>")[0]
    for bad in ["<script>alert", "onerror", "<iframe", "<style>", "javascript:", "onclick"]:
        assert bad not in body
    # The edit is on the page, cleaned: the two links' words stay, without the script.
    assert '<a rel="noopener noreferrer">x</a> <a href="#" rel="noopener noreferrer">y</a>' in body
    assert "come early." not in body


def test_every_content_model_is_editable_by_editors_and_deletable_by_reviewers(db):
    """Content added after the first groups (Spanish translations, check questions, further
    reading) is in the staff's hands too: an editor who cannot open the Spanish of a step
    cannot keep it current."""
    from journeys.models import CONTENT_MODELS, Translation

    editors = Group.objects.get(name="Editors")
    reviewers = Group.objects.get(name="Medical reviewers")
    codes = lambda g: set(g.permissions.values_list("codename", flat=True))  # noqa: E731
    for model in [*CONTENT_MODELS, Translation]:
        name = model._meta.model_name
        editing = {f"view_{name}", f"add_{name}", f"change_{name}", f"view_historical{name}"}
        assert editing <= codes(editors), (name, editing - codes(editors))
        assert editing | {f"delete_{name}"} <= codes(reviewers), name


def test_an_editor_opens_translations_and_check_questions_in_admin(people, db):
    for model in ("translation", "checkquestion"):
        response = people["editor_client"].get(f"/admin/journeys/{model}/")
        assert response.status_code == 200, (model, response.status_code)
