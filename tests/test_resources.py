"""Further-reading documents: Markdown + YAML front matter, clear errors, patient pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from journeys.content.governance.resources import ResourceError, resource_import
from journeys.models import Resource, Status

from . import factories as f
from .test_workflow import staff_member

pytestmark = pytest.mark.django_db

GOOD = """---
title: Getting ready for cell collection
source: Example Cancer Center
url: https://example.org/collection
license: CC-BY-4.0
lastReviewed: '2026-10-01'
reviewFrequency: quarterly
audienceLevel: patient
language: en
status: active
tags:
- leukapheresis
- yescarta
version: v2
---

# Before you go

Eat a good **breakfast**. Bring a book.
"""


@pytest.fixture
def pages(db):
    f.care_center()
    stage = f.stage(slug="leukapheresis", order=2, name="Cell collection")
    f.step(stage, key="one", order=1, title="One", body="Step one.")
    product = f.product(slug="yescarta", brand_name="Yescarta")
    return stage, product


def test_import_creates_a_linked_published_resource(pages):
    stage, product = pages
    resource, created = resource_import(name="collection.md", text=GOOD)
    assert created
    assert resource.title == "Getting ready for cell collection"
    assert resource.status == Status.PUBLISHED and resource.audience == "patient"
    assert str(resource.last_reviewed) == "2026-10-01" and resource.version == "v2"
    assert list(resource.stages.all()) == [stage] and list(resource.products.all()) == [product]
    assert resource.sources.get().url == "https://example.org/collection"
    again, created_again = resource_import(name="collection.md", text=GOOD.replace("v2", "v3"))
    assert not created_again and again.pk == resource.pk and again.version == "v3"


def test_patients_see_published_resources_from_stage_and_product_pages(client, pages):
    resource, _ = resource_import(name="c.md", text=GOOD)
    stage_html = client.get("/journey/leukapheresis/").content.decode()
    assert "Further reading" in stage_html and resource.get_absolute_url() in stage_html
    assert resource.get_absolute_url() in client.get("/products/yescarta/").content.decode()
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "<strong>breakfast</strong>" in page and "https://example.org/collection" in page


def test_draft_resources_stay_hidden(client, pages):
    resource, _ = resource_import(name="c.md", text=GOOD.replace("status: active", "status: draft"))
    response = client.get("/journey/leukapheresis/")
    html = response.content.decode()
    assert response.status_code == 200 and "Step one." in html  # the stage page is there
    assert "Further reading" not in html and resource.get_absolute_url() not in html
    assert client.get(resource.get_absolute_url()).status_code == 404


BAD = {
    "no front matter": ("# Just text\n", "1: the file must start with YAML front matter"),
    "bad yaml": ("---\ntitle: [oops\n---\nText\n", "front matter is not valid YAML"),
    "missing url": (GOOD.replace("url: https://example.org/collection\n", ""), "missing 'url'"),
    "bad date": (GOOD.replace("'2026-10-01'", "'next week'"), "6: 'lastReviewed' is not a date"),
    "bad status": (GOOD.replace("status: active", "status: maybe"), "10: 'status' must be one of"),
    "bad url": (
        GOOD.replace("https://example.org/collection", "javascript:alert(1)"),
        "4: 'url' is not a web address",
    ),
    "unknown key": (
        GOOD.replace("version: v2", "version: v2\ncolour: red"),
        "unknown key 'colour'",
    ),
    "bad frequency": (
        GOOD.replace("reviewFrequency: quarterly", "reviewFrequency: hourly"),
        "'reviewFrequency' must be one of",
    ),
    "no body": (GOOD.split("# Before")[0], "has no text after the front matter"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_front_matter_gives_a_clear_error_and_imports_nothing(pages, case):
    text, message = BAD[case]
    with pytest.raises(ResourceError) as excinfo:
        resource_import(name="doc.md", text=text)
    assert message in str(excinfo.value), str(excinfo.value)
    assert str(excinfo.value).startswith("doc.md:")
    assert Resource.objects.count() == 0


def test_command_imports_and_reports_errors(pages, tmp_path, capsys):
    good, bad = tmp_path / "good.md", tmp_path / "bad.md"
    good.write_text(GOOD)
    bad.write_text(BAD["bad date"][0])
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_resources", str(good), str(bad))
    captured = capsys.readouterr()
    assert "Created: Getting ready for cell collection" in captured.out
    assert "bad.md:6: 'lastReviewed'" in captured.err
    assert Resource.objects.count() == 1


def _staff(django_user_model, group):
    return staff_member(django_user_model, group, group)[1]


def test_admin_upload_imports_and_an_editor_upload_waits_for_review(
    pages, django_user_model, staff_groups
):
    editor = _staff(django_user_model, "Editors")
    upload = SimpleUploadedFile("c.md", GOOD.encode(), content_type="text/markdown")
    response = editor.post("/admin/journeys/resource/import/", {"document": upload})
    assert response.status_code == 302
    assert Resource.objects.get().status == Status.IN_REVIEW  # "active" needs a reviewer first


def test_admin_upload_shows_errors(pages, django_user_model, staff_groups):
    reviewer = _staff(django_user_model, "Medical reviewers")
    upload = SimpleUploadedFile("c.md", BAD["bad status"][0].encode())
    response = reviewer.post("/admin/journeys/resource/import/", {"document": upload})
    assert response.status_code == 400
    assert "c.md:10: &#x27;status&#x27; must be one of" in response.content.decode()
    assert Resource.objects.count() == 0
    assert reviewer.get("/admin/journeys/resource/import/").status_code == 200


def test_re_uploading_a_published_document_is_a_waiting_edit(
    client, pages, django_user_model, staff_groups
):
    """Patients keep the published text (never a 404) until a reviewer publishes the new one."""
    resource, _ = resource_import(name="c.md", text=GOOD)  # published by the command line
    assert client.get(resource.get_absolute_url()).status_code == 200
    editor = _staff(django_user_model, "Editors")
    changed = GOOD.replace("Bring a book.", "Bring a book and a warm jumper.")
    upload = SimpleUploadedFile("c.md", changed.encode(), content_type="text/markdown")
    assert editor.post("/admin/journeys/resource/import/", {"document": upload}).status_code == 302
    resource.refresh_from_db()
    assert resource.status == Status.PUBLISHED and "warm jumper" not in resource.body
    assert "warm jumper" in resource.pending["body"]
    assert resource.pending_status == Status.IN_REVIEW
    page = client.get(resource.get_absolute_url())
    assert page.status_code == 200 and "warm jumper" not in page.content.decode()
    reviewer = _staff(django_user_model, "Medical reviewers")
    reviewer.post(
        "/admin/journeys/resource/",
        {"action": "publish", "_selected_action": [resource.pk], "publish_reason": "Checked."},
    )
    assert "warm jumper" in client.get(resource.get_absolute_url()).content.decode()


LAUGHS = """---
title: Laughs
url: https://example.org/x
lastReviewed: '2026-10-01'
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]
---

Body.
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (LAUGHS, "c.md:5: front matter is not valid YAML: anchors (&name) are not allowed"),
        (GOOD.replace("title: Getting", "title: \x07Getting"), "c.md:1: front matter is not"),
        (GOOD.replace("Bring a book.", "Bring a book.\x00"), "c.md:1: the file contains a NUL"),
        ("---\n" + "x: y\n" * 3000 + "---\nBody\n", "c.md:1: the front matter is longer"),
    ],
)
def test_hostile_front_matter_is_a_clear_error_not_a_hang_or_a_500(
    pages, django_user_model, staff_groups, text, message
):
    with pytest.raises(ResourceError) as caught:
        resource_import(name="c.md", text=text)
    assert str(caught.value).startswith(message)
    reviewer = _staff(django_user_model, "Medical reviewers")
    upload = SimpleUploadedFile("c.md", text.encode())
    response = reviewer.post("/admin/journeys/resource/import/", {"document": upload})
    assert response.status_code == 400 and Resource.objects.count() == 0
