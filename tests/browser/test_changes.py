"""/changes/ in a real browser (issue 27 item 8): entries published with reasons in both
languages, read without JavaScript, axe finds nothing, in English and Spanish; the
screenshots are for a person to look at."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import PHONE

pytestmark = pytest.mark.browser


def test_changes_page_without_javascript_and_axe_in_both_languages(
    live_seeded, browser, django_user_model, screenshot_dir
):
    from journeys.content.governance.workflow import content_publish
    from journeys.models import Stage, Translation

    reviewer = django_user_model.objects.create_superuser("rev", "r@example.org", "pw-12345")
    stage = Stage.objects.get(slug="infusion")
    content_publish(obj=stage, user=reviewer, reason="Checked against the current FDA label.")
    spanish = Translation.objects.filter(language="es", status="published").first()
    content_publish(
        obj=spanish,
        user=reviewer,
        reason="Revisado por la enfermera educadora.",
        reason_language="es",
    )

    axe = Axe()
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
        try:
            page = context.new_page()
            for lang, heading in (("", "What changed"), ("/es", "Qué cambió")):
                response = page.goto(f"{live_seeded}{lang}/changes/")
                assert response.status == 200
                expect(page.get_by_role("heading", level=1)).to_have_text(heading)
                expect(page.locator(".change")).to_have_count(2)
                # Newest first: the Spanish translation was published last.
                expect(page.locator(".change").first).to_contain_text("Revisado por la enfermera")
                expect(page.locator(".change").nth(1)).to_contain_text(stage.name)
                expect(page.locator(".change").nth(1)).to_contain_text("Checked against")
                if javascript:  # axe runs as a script in the page
                    results = axe.run(page)
                    assert not results.violations_count, results.generate_report()
                    name = f"changes{lang.replace('/', '-')}.png"
                    page.screenshot(path=str(screenshot_dir / name), full_page=True)
            # Reached from the footer, with or without JavaScript.
            page.goto(live_seeded + "/about/")
            page.locator("footer").get_by_role("link", name="What changed").click()
            expect(page).to_have_url(live_seeded + "/changes/")
        finally:
            context.close()
