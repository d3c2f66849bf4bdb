"""Staff, in a real browser (issue 30, finding 16): an editor translating an item whose
English has an edit waiting sees that edit, said to be waiting; the locked status menu
says an edit is in review; two documents go in one import, and the page says they wait."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password-1"
OUT = Path("/tmp/admin-browser")

DOCUMENT = """---
title: {title}
source: Example Cancer Center
url: https://example.org/{slug}
license: CC-BY-4.0
lastReviewed: '2026-10-01'
reviewFrequency: quarterly
audienceLevel: patient
language: es
status: active
tags: [leukapheresis]
version: v1
---

Coma bien antes de venir.
"""


def test_an_editor_sees_the_english_edit_waiting_and_imports_two_files(
    live_seeded, page, django_user_model
):
    from django.contrib.auth.models import Group

    from journeys.content.governance.groups import staff_groups_sync
    from journeys.content.governance.workflow import content_propose
    from journeys.models import Step, Translation

    OUT.mkdir(exist_ok=True)
    staff_groups_sync()
    editor = django_user_model.objects.create_user("ed", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    step = Step.objects.published().filter(stage__slug="infusion").order_by("order").first()
    spanish = Translation.objects.get(content_type__model="step", object_id=step.pk, language="es")
    content_propose(obj=step, changes={"body": "New English words, waiting."}, submit=True)
    content_propose(obj=spanish, changes={"fields": {**spanish.fields}}, submit=True)

    base = live_seeded
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"{base}/admin/journeys/translation/{spanish.pk}/change/")
    help_text = page.locator("#id_words_body_helptext")
    expect(help_text).to_contain_text("English edit waiting for review: New English words")
    expect(help_text).to_contain_text("Published English (what patients read")
    status = page.locator("select[name=status]")
    expect(status).to_be_disabled()
    expect(status.locator("option:checked")).to_have_text("Published; an edit is in review")
    page.locator("#id_words_body").scroll_into_view_if_needed()
    page.screenshot(path=str(OUT / "translation-waiting-english.png"))
    status.scroll_into_view_if_needed()
    page.screenshot(path=str(OUT / "translation-status-in-review.png"))

    page.goto(base + "/admin/journeys/resource/import/")
    files = [
        {
            "name": f"{slug}.md",
            "mimeType": "text/markdown",
            "buffer": DOCUMENT.format(title=title, slug=slug).encode(),
        }
        for title, slug in [("Antes de la recolección", "antes"), ("Después de casa", "despues")]
    ]
    page.locator("input[type=file][name=document]").set_input_files(files)
    page.get_by_role("button", name="Import").click()
    messages = page.locator("ul.messagelist").filter(has_text="Imported")
    expect(messages).to_contain_text("Imported 2 documents.")
    expect(messages).to_contain_text("“Antes de la recolección” waits for a medical reviewer.")
    expect(messages).to_contain_text("“Después de casa” waits for a medical reviewer.")
    page.screenshot(path=str(OUT / "import-two-files.png"))
