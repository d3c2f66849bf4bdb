"""Issue 30, finding 16 (staff): a translator sees the English edit that waits for review,
not only the published English; the locked status menu says an edit is in review; the
further-reading import takes several files at once and says what waits for a reviewer."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from journeys.content.governance.workflow import content_propose
from journeys.models import Resource, Status, Translation

from . import factories as f
from .test_resources import GOOD
from .test_workflow import staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model, staff_groups):
    return {
        "editor": staff_member(django_user_model, "editor", "Editors")[1],
        "reviewer": staff_member(django_user_model, "reviewer", "Medical reviewers")[1],
    }


@pytest.fixture
def step(db):
    f.care_center()
    stage = f.stage(slug="leukapheresis", order=2, name="Cell collection")
    return f.step(stage, key="arrive", order=1, title="Arrive early", body="Come at eight.")


def spanish(step):
    return Translation.objects.create(
        content_type=ContentType.objects.get_for_model(step),
        object_id=step.pk,
        language="es",
        status=Status.PUBLISHED,
        fields={"title": "Llegue temprano", "body": "Venga a las ocho."},
    )


def help_text(html, name):
    """The help text Django writes under the `words_<name>` box."""
    match = re.search(
        rf'<div class="help" id="id_words_{name}_helptext">\s*<div>(.*?)</div>', html, re.S
    )
    assert match, f"no help text for words_{name}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


# --------------------------------------------------------------------------- #
# (a) The translation form shows the English edit that waits
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_the_translation_form_shows_the_english_edit_waiting_and_says_it_waits(people, step, who):
    translation = spanish(step)
    content_propose(obj=step, changes={"body": "Come at seven, and bring a book."}, submit=True)
    html = people[who].get(f"/admin/journeys/translation/{translation.pk}/change/")
    html = html.content.decode()
    body = help_text(html, "body")
    assert "Come at seven, and bring a book." in body
    assert "waiting for review" in body
    assert "Come at eight." in body  # what patients read until then, named as such
    assert body.index("Come at seven") < body.index("Come at eight.")
    # A field the edit does not change shows its English once, as before.
    assert help_text(html, "title") == "English: Arrive early"


def test_without_a_waiting_edit_the_form_shows_the_published_english(people, step):
    translation = spanish(step)
    html = people["editor"].get(f"/admin/journeys/translation/{translation.pk}/change/")
    body = help_text(html.content.decode(), "body")
    assert body == "English: Come at eight."


# --------------------------------------------------------------------------- #
# (b) The locked status menu says what is true
# --------------------------------------------------------------------------- #


def status_menu(html):
    match = re.search(r'<select name="status"[^>]*>(.*?)</select>', html, re.S)
    assert match, "no status menu"
    assert "disabled" in match.group(0)
    return re.findall(r"<option[^>]*selected[^>]*>([^<]*)</option>", match.group(1))


def test_the_locked_status_menu_says_an_edit_is_in_review(people, step):
    translation = spanish(step)
    url = f"/admin/journeys/translation/{translation.pk}/change/"
    assert status_menu(people["editor"].get(url).content.decode()) == ["Published"]
    content_propose(obj=translation, changes={"fields": {"title": "Llegue a tiempo"}}, submit=True)
    shown = status_menu(people["editor"].get(url).content.decode())
    assert shown == ["Published; an edit is in review"], shown
    # Sent back to its author: the edit is a draft again, and the menu says so.
    content_propose(obj=translation, changes={"fields": {"title": "Llegue a tiempo"}})
    shown = status_menu(people["editor"].get(url).content.decode())
    assert shown == ["Published; an edit is in draft"], shown
    # The same on any content (the form is shared), here the English step.
    content_propose(obj=step, changes={"title": "Arrive in time"}, submit=True)
    html = people["editor"].get(f"/admin/journeys/step/{step.pk}/change/").content.decode()
    assert status_menu(html) == ["Published; an edit is in review"]


def test_the_locked_menu_still_saves_as_published_with_the_edit_waiting(people, step):
    """The label changes, never the value: an editor's save stays a waiting edit."""
    translation = spanish(step)
    content_propose(obj=translation, changes={"fields": {"title": "Llegue a tiempo"}}, submit=True)
    url = f"/admin/journeys/translation/{translation.pk}/change/"
    page = people["editor"].get(url)
    form = page.context["adminform"].form
    data = {
        "content_type": translation.content_type_id,
        "object_id": translation.object_id,
        "language": "es",
        "status": "in_review",  # a crafted value: a disabled field keeps its own
        "last_reviewed": "",
        "review_every": translation.review_every,
        "row_version": form["row_version"].value(),
        "words_title": "Llegue a tiempo, por favor",
        "words_body": "Venga a las ocho.",
    }
    response = people["editor"].post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    translation.refresh_from_db()
    assert translation.status == Status.PUBLISHED
    assert translation.fields["title"] == "Llegue temprano"  # patients keep the published words
    assert translation.pending_status == Status.IN_REVIEW


# --------------------------------------------------------------------------- #
# (c) and (d) Several files in one import, and what the message says
# --------------------------------------------------------------------------- #

IMPORT = "/admin/journeys/resource/import/"


def document(title, language="es", name=None):
    text = GOOD.replace("Getting ready for cell collection", title).replace(
        "language: en", f"language: {language}"
    )
    return SimpleUploadedFile(name or f"{title[:10]}.md", text.encode(), "text/markdown")


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_import_page_offers_several_files_at_once(people):
    html = people["editor"].get(IMPORT).content.decode()
    field = re.search(r'<input type="file"[^>]*>', html).group(0)
    assert "multiple" in field and 'name="document"' in field


def test_an_editor_imports_several_documents_at_once_and_is_told_they_wait(people, step):
    files = [document("Prepararse para la recolección"), document("Después de la infusión")]
    response = people["editor"].post(IMPORT, {"document": files}, follow=True)
    assert response.status_code == 200
    assert Resource.objects.count() == 2
    assert set(Resource.objects.values_list("status", flat=True)) == {Status.IN_REVIEW}
    said = " ".join(messages_of(response))
    assert "Imported 2 documents" in said
    for title in ("Prepararse para la recolección", "Después de la infusión"):
        assert f"“{title}” waits for a medical reviewer" in said
    assert "Patients do not see" in said


def test_a_re_import_of_a_published_document_says_the_edit_waits(people, step):
    from journeys.content.governance.resources import resource_import

    resource_import(name="c.md", text=GOOD)  # published by the command line
    changed = GOOD.replace("Bring a book.", "Bring a book and a warm jumper.")
    upload = SimpleUploadedFile("c.md", changed.encode(), "text/markdown")
    response = people["editor"].post(IMPORT, {"document": upload}, follow=True)
    said = " ".join(messages_of(response))
    assert "Imported “Getting ready for cell collection”" in said
    assert "The changes wait for a medical reviewer" in said
    assert "Patients keep reading the published version" in said


def test_a_reviewer_import_that_publishes_says_so(people, step):
    response = people["reviewer"].post(IMPORT, {"document": document("Listo")}, follow=True)
    said = " ".join(messages_of(response))
    assert "“Listo” is published" in said
    assert Resource.objects.get().status == Status.PUBLISHED


def test_one_bad_file_imports_none_of_them_and_names_it(people, step):
    bad = SimpleUploadedFile("bad.md", GOOD.replace("status: active", "status: maybe").encode())
    response = people["editor"].post(IMPORT, {"document": [document("Bueno"), bad]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "bad.md:10:" in html
    assert Resource.objects.count() == 0  # all or nothing


def test_too_many_files_at_once_are_refused_clearly(people, step):
    files = [document(f"Documento {n}", name=f"d{n}.md") for n in range(21)]
    response = people["editor"].post(IMPORT, {"document": files})
    assert response.status_code == 400
    assert "20 files at most" in response.content.decode()
    assert Resource.objects.count() == 0
