"""The review workflow in a real browser: editor edits and submits, reviewer publishes,
patients see the new words only then, and a revert brings back the old ones."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEW = "This summary was rewritten by the nurse educator."


def make_staff(django_user_model, name, group):
    user = django_user_model.objects.create_user(
        name, password="a-long-test-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(browser, base, name):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", "a-long-test-password-1")
    page.get_by_role("button", name="Log in").click()
    # The login page has #site-name too: wait for the admin index, or the next goto can
    # cancel the login post still in flight (seen once on a busy machine).
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#site-name")).to_be_visible()
    return context, page


def test_editor_submits_reviewer_publishes_then_reverts(
    live_seeded, staff_groups, browser, django_user_model
):
    base = live_seeded
    make_staff(django_user_model, "editor", "Editors")
    make_staff(django_user_model, "reviewer", "Medical reviewers")
    from journeys.models import Stage

    stage = Stage.objects.get(slug="leukapheresis")
    old = stage.summary.strip()
    patient = browser.new_context().new_page()
    patient.goto(base + "/journey/leukapheresis/")
    expect(patient.locator(".lead").first).to_have_text(old)

    editor_ctx, editor = log_in(browser, base, "editor")
    editor.goto(f"{base}/admin/journeys/stage/{stage.pk}/change/")
    editor.fill("#id_summary", NEW)
    # Published words: the editor is not offered a status; saving sends the edit for review.
    expect(editor.locator("#id_status")).to_be_disabled()
    editor.locator("input[name=_save]").first.click()
    expect(editor.locator(".messagelist li", has_text="sent to a medical reviewer")).to_be_visible()

    patient.reload()
    expect(patient.locator(".lead").first).to_have_text(old)  # not yet
    editor.goto(base + "/journey/leukapheresis/?preview=1")
    expect(editor.locator(".preview-banner")).to_be_visible()
    expect(editor.locator(".lead").first).to_have_text(NEW)

    # An editor cannot publish: the action is not offered.
    editor.goto(base + "/admin/journeys/stage/")
    assert "publish" not in editor.locator("select[name=action]").inner_html()
    editor_ctx.close()

    reviewer_ctx, reviewer = log_in(browser, base, "reviewer")
    reviewer.goto(base + "/admin/journeys/stage/?awaiting=yes")
    row = reviewer.locator("#result_list tbody tr", has_text=stage.name)
    expect(row).to_have_count(1)
    row.locator("input.action-select").check()
    reviewer.select_option("select[name=action]", "publish")
    reviewer.get_by_role("button", name="Run").or_(
        reviewer.locator("button[name=index]")
    ).first.click()
    # Publishing asks for the one-line public reason first (shown on /changes/).
    reviewer.get_by_role("button", name="Publish").click()
    expect(reviewer.locator(".errornote")).to_be_visible()
    reviewer.get_by_label("Reason for publishing (shown to the public)").fill(
        "Plainer summary, checked by the reviewer."
    )
    reviewer.get_by_role("button", name="Publish").click()
    expect(reviewer.locator(".messagelist li", has_text="Published")).to_be_visible()

    patient.reload()
    expect(patient.locator(".lead").first).to_have_text(NEW)

    # Revert: open the history, pick the version with the old words, save it.
    reviewer.goto(f"{base}/admin/journeys/stage/{stage.pk}/history/")
    expect(reviewer.locator("#change-history")).to_contain_text("reviewer")
    versions = reviewer.locator('#change-history a[href*="/history/"]')
    target = None
    for i in range(versions.count()):
        link = versions.nth(i)
        href = link.get_attribute("href")
        probe = reviewer.context.new_page()
        probe.goto(base + href)
        if probe.locator("#id_summary").input_value().strip() == old:
            target = probe
            break
        probe.close()
    assert target is not None, "no history version holds the old words"
    # A reviewer's save of published words publishes them: it needs the public reason too.
    target.locator("#id_publish_reason").fill("Back to the earlier summary.")
    target.locator("input[name=_save]").first.click()
    patient.reload()
    expect(patient.locator(".lead").first).to_have_text(old)
    assert stage.history.count() >= 3  # the revert is a new version; none was erased
    patient.goto(base + "/changes/")
    expect(patient.locator(".change").first).to_contain_text("Back to the earlier summary.")
    expect(patient.locator(".change").nth(1)).to_contain_text("Plainer summary")
    reviewer_ctx.close()
