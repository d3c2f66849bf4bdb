"""Every admin add and change page runs its JavaScript without an error: slugs fill
themselves in, date fields get their calendar and "Today" link."""

import re

import pytest
from django.contrib import admin
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password-1"


def admin_pages():
    """(label, add URL or None, change URL or None) for every model registered in the admin."""
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}"
        row = model._default_manager.order_by("pk").first()
        add = f"{base}/add/" if model_admin.has_add_permission(_Superuser()) else None
        change = f"{base}/{row.pk}/change/" if row is not None else None
        yield meta.label, add, change


class _Superuser:
    """Enough of a request for has_add_permission (a superuser may add anything allowed)."""

    class user:  # noqa: N801 - stands in for request.user
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None):
            return True


def test_no_admin_page_logs_a_javascript_error(live_seeded, page, django_user_model):
    django_user_model.objects.create_superuser("boss", "", PASSWORD)
    errors = []
    page.on("console", lambda m: errors.append((page.url, m.text)) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append((page.url, str(e))))
    page.goto(live_seeded + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))  # the login post has finished
    visited = []
    for _label, add, change in admin_pages():
        for url in (add, change):
            if url:
                response = page.goto(live_seeded + url)
                assert response.status == 200, url
                visited.append(url)
    assert any("/stage/add/" in url for url in visited)
    assert not errors, f"JavaScript errors on admin pages: {errors}"

    # What the scripts are for: the slug fills itself in, dates get a calendar and "Today".
    page.goto(live_seeded + "/admin/journeys/stage/add/")
    page.locator("#id_name").press_sequentially("Going home")  # prepopulate listens to keyup
    expect(page.locator("#id_slug")).to_have_value("going-home")
    expect(page.locator("#id_last_reviewed + .datetimeshortcuts a").first).to_be_visible()
