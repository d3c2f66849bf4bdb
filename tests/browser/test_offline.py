"""Issue 31 in Chromium, with the browser context set offline: pages saved on the phone, entries
that wait ("Not sent yet") and arrive once, a conflict with the other phone shown, forget me
leaving nothing of the journey, the manifest and the worker, axe on the new states."""

import json
import re
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect

from .helpers import PHONE
from .test_log import DAYS_AGO, draw_by_mouse, start_patient, today_section

pytestmark = pytest.mark.browser
OUT = Path("/tmp/offline-browser")

#: Every cache of this site on the phone: {name: [path?query, ...]}.
CACHES = """async () => {
    const out = {};
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        out[name] = (await cache.keys()).map(r => {
            const u = new URL(r.url);
            return u.pathname + u.search;
        });
    }
    return out;
}"""
#: Every page kept in any cache, with its words: [[path, html], ...].
CACHED_PAGES = """async () => {
    const out = [];
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
            const response = await cache.match(request);
            if ((response.headers.get('Content-Type') || '').startsWith('text/html')) {
                out.push([new URL(request.url).pathname, await response.text()]);
            }
        }
    }
    return out;
}"""
#: What the outbox holds: null when its database does not exist.
OUTBOX = """async () => {
    const names = (await indexedDB.databases()).map(d => d.name);
    if (!names.includes('cart-outbox')) return null;
    return await new Promise((resolve, reject) => {
        const open = indexedDB.open('cart-outbox');
        open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('waiting')) { db.close(); resolve([]); return; }
            const all = db.transaction('waiting').objectStore('waiting').getAll();
            all.onsuccess = () => { db.close(); resolve(all.result.map(i => i.id)); };
            all.onerror = () => reject(all.error);
        };
        open.onerror = () => reject(open.error);
    });
}"""
OUTBOX_GONE = "async () => !(await indexedDB.databases()).some(d => d.name === 'cart-outbox')"


def saved(page):
    """{path: cache name} of everything the phone keeps."""
    return {path: name for name, paths in page.evaluate(CACHES).items() for path in paths}


def wait_saved(page, *paths, timeout=20):
    """Wait until the worker has saved every path (it fetches them in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        have = saved(page)
        if all(path in have for path in paths):
            return have
        if time.monotonic() > deadline:
            pytest.fail(f"the worker never saved {[p for p in paths if p not in have]}: {have}")
        page.wait_for_timeout(200)


def controlled(page):
    page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=15000)


def offline_note(page):
    return page.locator("main .offline-note")


def test_urgent_the_wallet_card_and_the_last_step_read_open_offline_in_both_languages(
    live_seeded, browser
):
    OUT.mkdir(exist_ok=True)
    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        # One visit in each language; the reader goes on to step 2 with htmx.
        for prefix in ("", "/es"):
            page.goto(base + f"{prefix}/journey/infusion/")
            controlled(page)
            page.locator("#step-panel a[rel=next]").click()
            expect(page).to_have_url(re.compile(re.escape(f"{prefix}/journey/infusion/?step=2")))
        have = wait_saved(
            page,
            "/urgent/",
            "/my-journey/wallet-card/",
            "/offline/",
            "/journey/infusion/?step=2",
            "/es/urgent/",
            "/es/my-journey/wallet-card/",
            "/es/offline/",
            "/es/journey/infusion/?step=2",
        )
        # Published pages and a journey's own pages are kept apart.
        assert have["/urgent/"] == have["/es/journey/infusion/?step=2"] == "cart-content-v1"
        assert have["/my-journey/wallet-card/"] == "cart-journey-v1"
        assert not any("q=" in path for path in have)

        context.set_offline(True)
        note_en = re.compile(r"^Offline — showing what this phone saved at \d\d:\d\d\.$")
        note_es = re.compile(
            r"^Sin conexión: se muestra lo que este teléfono guardó a las \d\d:\d\d\.$"
        )
        for path, heading, note, shot in [
            ("/urgent/", "Get help now", note_en, "urgent-en"),
            ("/my-journey/wallet-card/", "Wallet card", note_en, "wallet-en"),
            ("/journey/infusion/?step=2", "Infusion day", note_en, "stage-en"),
            ("/es/urgent/", "Pida ayuda ahora", note_es, "urgent-es"),
            ("/es/my-journey/wallet-card/", "Tarjeta para la billetera", note_es, "wallet-es"),
            ("/es/journey/infusion/?step=2", None, note_es, "stage-es"),
        ]:
            response = page.goto(base + path)
            assert response.status == 200 and response.from_service_worker, path
            expect(offline_note(page)).to_have_text(note)
            expect(offline_note(page)).to_have_attribute("role", "status")
            if heading:
                expect(page.locator("h1").first).to_have_text(heading)
            page.screenshot(path=str(OUT / f"{shot}.png"))
        expect(page.locator("#step-panel .step-count")).to_contain_text("Paso 2 de")
        # "Back", which htmx cannot fetch offline, opens the step as a page the phone saved.
        page.goto(base + "/journey/infusion/?step=2")
        page.locator("#step-panel a[rel=prev]").click()
        expect(page).to_have_url(re.compile(re.escape("/journey/infusion/?step=1")))
        expect(offline_note(page)).to_be_visible()
        expect(page.locator("#step-panel .step-count")).to_contain_text("Step 1 of")
        expect(page.locator(".send-problem")).to_have_count(0)
        # The call buttons work offline: they are tel: links.
        page.goto(base + "/urgent/")
        expect(page.locator("a.button.danger[href^='tel:']").first).to_be_visible()
        # A page never opened: the "No connection" page, in the language of the address.
        for path, heading in [("/glossary/", "No connection"), ("/es/glossary/", "Sin conexión")]:
            page.goto(base + path)
            expect(page.locator("h1")).to_have_text(heading)
            expect(page.locator("main")).to_contain_text("911")
            page.screenshot(path=str(OUT / f"no-connection{'-es' if '/es/' in path else ''}.png"))
        # Back online, the same address is the live page again, without the line.
        context.set_offline(False)
        page.goto(base + "/urgent/")
        expect(page.locator("h1").first).to_have_text("Get help now")
        expect(offline_note(page)).to_have_count(0)
    finally:
        context.close()


#: The content version a saved page was built from.
SAVED_VERSION = """async (path) => {
    const hit = await caches.match(path);
    return hit ? hit.headers.get('X-Content-Version') : null;
}"""


def test_a_new_content_version_refreshes_the_pages_the_phone_saved(live_seeded, browser):
    from journeys.caching.version import current_version
    from journeys.models import WarningSign

    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(base + "/urgent/")
        controlled(page)
        page.goto(base + "/journey/")
        wait_saved(page, "/urgent/", "/journey/", "/offline/")
        before = str(current_version())
        assert page.evaluate(SAVED_VERSION, "/urgent/") == before

        # A reviewer publishes new words for a warning sign (every content write moves the
        # version); the phone only opens another page.
        sign = WarningSign.objects.published().order_by("order").first()
        sign.name = sign.name + " (reviewed again)"
        sign.save()
        after = str(current_version())
        assert after != before
        page.goto(base + "/about/")
        wait_until(
            page,
            f"async () => (await ({SAVED_VERSION})('/urgent/')) === '{after}'",
        )
        context.set_offline(True)
        page.goto(base + "/urgent/")
        expect(offline_note(page)).to_be_visible()
        expect(page.locator("main")).to_contain_text(sign.name)
    finally:
        context.close()


def test_the_back_button_after_a_step_works_offline(live_seeded, browser):
    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(base + "/journey/infusion/")
        controlled(page)
        wait_saved(page, "/journey/infusion/")
        page.locator("#step-panel a[rel=next]").click()
        expect(page.locator("#step-panel .step-count")).to_contain_text("Step 2 of")
        context.set_offline(True)
        page.go_back()
        expect(page).to_have_url(base + "/journey/infusion/")
        expect(offline_note(page)).to_be_visible()
        expect(page.locator("#step-panel .step-count")).to_contain_text("Step 1 of")
    finally:
        context.close()


def share_with_caregiver(patient, caregiver, base):
    patient.goto(base + "/my-journey/")
    patient.get_by_role("button", name="Make a share link").click()
    caregiver.goto(patient.locator("#share-link").input_value())
    caregiver.get_by_role("button", name="Follow this journey").click()


def test_an_entry_and_a_tick_made_offline_wait_survive_a_reload_and_arrive_once(
    live_seeded, browser
):
    from journeys.log.models import LogEntry
    from journeys.models import JourneyCheck

    OUT.mkdir(exist_ok=True)
    base = live_seeded
    patient = browser.new_context(viewport=PHONE)
    other = browser.new_context(viewport=PHONE)
    try:
        page = patient.new_page()
        start_patient(page, base)
        controlled(page)
        caregiver = other.new_page()
        share_with_caregiver(page, caregiver, base)
        page.goto(base + "/checklists/")
        page.goto(base + "/my-journey/log/")
        wait_saved(page, "/checklists/", "/my-journey/log/")

        patient.set_offline(True)
        form = today_section(page).locator("form.log-form").first
        form.get_by_label("Temperature").fill("38.9")
        form.get_by_label("°C", exact=True).check()
        form.get_by_label("Having a seizure", exact=True).check()
        # The instruction shows the moment the sign is ticked (issue 30), offline too.
        expect(form.locator("[data-call-for=emergency]")).to_contain_text(
            "Call emergency services now: 911"
        )
        form.get_by_role("button", name="Save this entry").click()
        pending = today_section(page).locator(".log-entry.pending")
        expect(pending).to_have_count(1)
        expect(pending).to_contain_text("38.9 °C")
        expect(pending).to_contain_text("Having a seizure")
        expect(pending.locator(".not-sent")).to_have_text("Not sent yet")
        # The 911 line stays with the entry, as for a saved one; the form is ready for the next.
        expect(pending.locator(".log-calls")).to_contain_text("Call emergency services now: 911")
        expect(pending.locator(".entry-line")).to_be_focused()
        expect(form.get_by_label("Temperature")).to_have_value("")
        expect(form.locator(".send-problem")).to_have_count(0)  # not "Not saved" any more
        expect(page.locator(".outbox-status")).to_have_text(
            "1 change is not sent yet. It is kept on this phone and is sent when the phone is "
            "back online."
        )
        page.screenshot(path=str(OUT / "log-not-sent.png"))
        pending.screenshot(path=str(OUT / "log-entry-not-sent.png"))

        # The checklist, opened offline from what the phone saved: a tick waits too.
        page.goto(base + "/checklists/")
        expect(offline_note(page)).to_be_visible()
        item = page.locator(".check-item").first
        item_id = item.get_attribute("id")
        item.locator("button.tick").click()
        item = page.locator(f"#{item_id}")
        expect(item.locator("button.tick")).to_have_attribute("aria-pressed", "true")
        expect(item.locator(".not-sent")).to_have_text("Not sent yet")
        expect(page.locator(".outbox-status")).to_contain_text("2 changes are not sent yet.")
        page.screenshot(path=str(OUT / "checklist-not-sent.png"))
        item.screenshot(path=str(OUT / "checklist-item-not-sent.png"))

        # Both survive a reload and closing the tab.
        page.reload()
        expect(page.locator(f"#{item_id} .not-sent")).to_have_text("Not sent yet")
        page.close()
        page = patient.new_page()
        page.goto(base + "/my-journey/log/")
        expect(offline_note(page)).to_be_visible()
        pending = today_section(page).locator(".log-entry.pending")
        expect(pending.locator(".not-sent")).to_have_text("Not sent yet")
        expect(pending.locator(".log-calls")).to_contain_text("911")
        assert LogEntry.objects.count() == 0 and JourneyCheck.objects.count() == 0

        # Back online: sent once, and the saved entry replaces the waiting one.
        patient.set_offline(False)
        expect(page.locator(".not-sent")).to_have_count(0, timeout=15000)
        expect(page.locator(".outbox-status")).to_have_count(0)
        expect(today_section(page).locator(".log-entry")).to_have_count(1)
        expect(today_section(page).locator(".log-entry")).to_contain_text("38.9 °C (102.0 °F)")
        assert page.evaluate(OUTBOX) == []
        # Another reload, another online moment: nothing is sent twice.
        page.goto(base + "/checklists/")
        expect(page.locator(f"#{item_id} button.tick")).to_have_attribute("aria-pressed", "true")
        patient.set_offline(True)
        patient.set_offline(False)
        page.reload()
        assert LogEntry.objects.count() == 1
        assert JourneyCheck.objects.count() == 1

        # The other phone sees both.
        caregiver.goto(base + "/my-journey/log/")
        expect(today_section(caregiver)).to_contain_text("38.9 °C")
        expect(today_section(caregiver)).to_contain_text("Having a seizure")
        caregiver.goto(base + "/checklists/")
        expect(caregiver.locator(f"#{item_id} button.tick")).to_have_attribute(
            "aria-pressed", "true"
        )
    finally:
        patient.close()
        other.close()


def scribble(page, canvas):
    """Another hand than draw_by_mouse's (the same strokes make the same picture, which the
    server rightly takes as the same sample sent twice)."""
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x0, y0 = box["x"] + 40, box["y"] + 15
    page.mouse.move(x0, y0)
    page.mouse.down()
    for step in range(1, 16):
        page.mouse.move(x0 + step * 8, y0 + step * 4)
    page.mouse.up()


def test_an_entry_whose_sending_fails_with_the_phone_online_waits_too(live_seeded, browser):
    """Hotel Wi-Fi: the phone believes it is online, but the request never arrives."""
    from journeys.log.models import LogEntry

    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        start_patient(page, base)
        controlled(page)
        blocked = []

        def drop(route):
            if route.request.method == "POST":
                blocked.append(route.request.url)
                route.abort("connectionreset")
            else:
                route.continue_()

        page.route("**/my-journey/log/", drop)
        form = today_section(page).locator("form.log-form").first
        form.get_by_label("Temperature").fill("99.1")
        form.get_by_role("button", name="Save this entry").click()
        waiting = today_section(page).locator(".log-entry.pending")
        expect(waiting.locator(".not-sent")).to_have_text("Not sent yet")
        expect(form.locator(".send-problem")).to_have_count(0)
        assert blocked and LogEntry.objects.count() == 0
        page.unroute("**/my-journey/log/")
        # The next request that gets through (here: a reload) sends it, once.
        page.reload()
        # Right after the reload neither the waiting copy (offline.js draws it from the
        # phone's store) nor the sent one is on the page: wait for the entry the server
        # wrote, not for the moment between the two.
        sent = today_section(page).locator(".log-entry:not(.pending)")
        expect(sent).to_have_count(1, timeout=15000)
        expect(today_section(page).locator(".not-sent")).to_have_count(0)
        expect(today_section(page).locator(".log-entry")).to_have_count(1)
        assert LogEntry.objects.count() == 1
    finally:
        context.close()


def test_handwriting_made_offline_waits_and_a_newer_one_from_the_other_phone_is_not_replaced(
    live_seeded, browser
):
    from journeys.log.models import LogDay

    OUT.mkdir(exist_ok=True)
    base = live_seeded
    patient = browser.new_context(viewport=PHONE)
    other = browser.new_context(viewport=PHONE)
    try:
        page = patient.new_page()
        start_patient(page, base)
        controlled(page)
        caregiver = other.new_page()
        share_with_caregiver(page, caregiver, base)
        page.goto(base + "/my-journey/log/")
        wait_saved(page, "/my-journey/log/")

        patient.set_offline(True)
        pad = today_section(page).locator("form[data-handwriting]")
        draw_by_mouse(page, pad.locator("canvas"))
        pad.get_by_role("button", name="Save the handwriting").click()
        waiting = today_section(page).locator(".pending-handwriting")
        expect(waiting.locator(".not-sent")).to_have_text("Not sent yet", timeout=15000)
        expect(waiting.locator("img")).to_have_attribute("alt", "Your handwriting, not sent yet")
        page.wait_for_function(
            "() => document.querySelector('.pending-handwriting img').naturalWidth > 0"
        )
        expect(pad.locator(".send-problem")).to_have_count(0)

        # Meanwhile the other phone saves its own sample for the same day.
        caregiver.goto(base + "/my-journey/log/")
        scribble(caregiver, today_section(caregiver).locator("canvas"))
        today_section(caregiver).get_by_role("button", name="Save the handwriting").click()
        expect(today_section(caregiver).locator(".saved-note")).to_be_visible(timeout=15000)
        theirs = bytes(LogDay.objects.get(day=DAYS_AGO).handwriting)

        patient.set_offline(False)
        problem = waiting.locator(".outbox-problem")
        expect(problem.locator(".send-problem")).to_contain_text(
            "Not sent: Another phone saved the handwriting for this day", timeout=15000
        )
        expect(problem.get_by_role("button", name="Send mine anyway")).to_be_visible()
        expect(problem.get_by_role("button", name="Remove it from this phone")).to_be_visible()
        assert bytes(LogDay.objects.get(day=DAYS_AGO).handwriting) == theirs  # not overwritten
        waiting.screenshot(path=str(OUT / "handwriting-conflict.png"))
        axe = Axe().run(page)
        assert axe.violations_count == 0, axe.generate_report()

        # The person decides: theirs replaces the other phone's, once.
        problem.get_by_role("button", name="Send mine anyway").click()
        expect(today_section(page).locator(".pending-handwriting")).to_have_count(0, timeout=15000)
        expect(page.locator(".outbox-status")).to_have_count(0)
        row = LogDay.objects.get(day=DAYS_AGO)
        assert bytes(row.handwriting) != theirs and row.handwriting_saves == 2
    finally:
        patient.close()
        other.close()


def infusion_on_the_card():
    """The infusion date as the wallet card's English card writes it ("4 Dec 2025")."""
    import datetime

    from django.utils import timezone

    infusion = timezone.localdate() - datetime.timedelta(days=DAYS_AGO)
    return f"{infusion.day} {infusion:%b %Y}"


def journey_paths(have):
    return {p for p in have if p.startswith(("/my-journey/", "/checklists/", "/es/my-journey/"))}


def wait_until(page, script, timeout=15):
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            pytest.fail(f"never true: {script}")
        page.wait_for_timeout(200)


#: A record waiting in the outbox that the server refused earlier (it waits for the person).
REFUSED_RECORD = """() => new Promise((resolve, reject) => {
    const open = indexedDB.open('cart-outbox', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('waiting', {keyPath: 'id'});
    open.onsuccess = () => {
        const tx = open.result.transaction('waiting', 'readwrite');
        tx.objectStore('waiting').put({id: 'tick:1', kind: 'tick', url: '/checklists/',
            fields: [['item', '1'], ['stage', 'x'], ['checked', '1']], item: '1', checked: '1',
            saved: new Date().toISOString(), problem: {text: 'refused', conflict: false}});
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
    };
})"""


def test_forget_me_leaves_no_journey_page_and_nothing_waiting_on_the_phone(live_seeded, browser):
    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        start_patient(page, base)
        controlled(page)
        page.goto(base + "/checklists/")
        page.goto(base + "/my-journey/wallet-card/")
        page.goto(base + "/urgent/")
        have = wait_saved(page, "/my-journey/wallet-card/", "/my-journey/log/", "/checklists/")
        assert have["/urgent/"] == "cart-journey-v1"  # shown with a journey: the journey's cache
        card = infusion_on_the_card()
        holding = [path for path, html in page.evaluate(CACHED_PAGES) if card in html]
        assert "/my-journey/wallet-card/" in holding  # so the check below means something
        page.evaluate("() => localStorage.setItem('kept', 'something')")
        page.goto(base + "/my-journey/forget/")
        page.evaluate(REFUSED_RECORD)
        assert page.evaluate(OUTBOX) == ["tick:1"]

        page.get_by_role("button", name="Erase everything").click()
        expect(page.locator("h1")).to_have_text("Your journey is erased")
        # The worker comes back (Clear-Site-Data unregistered it) and keeps the published
        # pages again; of the journey's own pages only the blank wallet card may be there.
        controlled(page)
        have = wait_saved(page, "/urgent/", "/offline/")
        assert journey_paths(have) <= {"/my-journey/wallet-card/"}, have
        for path, html in page.evaluate(CACHED_PAGES):
            assert card not in html, f"{path} still holds the journey's infusion date"
        assert page.evaluate(OUTBOX) in (None, [])
        assert page.evaluate("() => localStorage.length") == 0
    finally:
        context.close()


def test_a_phone_told_by_the_page_drops_the_journey_even_without_clear_site_data(
    live_seeded, browser
):
    """offline.js's own forgetting, for browsers without Clear-Site-Data: a caregiver's phone
    whose link was turned off (that page sends no such header) deletes the journey's pages
    and what waits to be sent."""
    base = live_seeded
    patient = browser.new_context(viewport=PHONE)
    other = browser.new_context(viewport=PHONE)
    try:
        page = patient.new_page()
        start_patient(page, base)
        caregiver = other.new_page()
        share_with_caregiver(page, caregiver, base)
        controlled(caregiver)
        for path in ("/my-journey/", "/my-journey/log/", "/my-journey/wallet-card/"):
            caregiver.goto(base + path)
        wait_saved(caregiver, "/my-journey/", "/my-journey/log/", "/my-journey/wallet-card/")
        card = infusion_on_the_card()
        assert any(card in html for _path, html in caregiver.evaluate(CACHED_PAGES))
        caregiver.evaluate(REFUSED_RECORD)

        page.goto(base + "/my-journey/")
        page.get_by_role("button", name="Turn sharing off…").click()
        page.get_by_role("button", name="Yes, turn sharing off").click()

        response = caregiver.goto(base + "/my-journey/")
        assert "clear-site-data" not in response.headers
        expect(caregiver.locator(".notice-box[data-offline-forget]")).to_be_visible()
        wait_until(caregiver, OUTBOX_GONE)
        wait_until(
            caregiver,
            "async () => !(await caches.match('/my-journey/log/'))",
        )
        for path, html in caregiver.evaluate(CACHED_PAGES):
            assert card not in html, f"{path} still holds the journey's infusion date"
    finally:
        patient.close()
        other.close()


def test_chromium_finds_the_manifest_complete_and_the_worker_controls_the_page(
    live_seeded, browser
):
    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(base + "/")
        page.reload()
        controlled(page)
        assert (
            page.evaluate("() => navigator.serviceWorker.controller.scriptURL") == base + "/sw.js"
        )
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == base + "/manifest.webmanifest"
        assert not manifest["errors"], manifest["errors"]
        assert manifest["parsed"]["scope"] == base + "/"
        data = json.loads(manifest["data"])
        assert data["name"] == "CAR-T Journey" and data["display"] == "standalone"
        assert data["start_url"] == "/"
        # Chromium's own installability check: the one thing it holds against the page is
        # that Playwright's contexts are incognito ("manifest-missing-suitable-icon",
        # "no-manifest" and the like would show here).
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert [e["errorId"] for e in errors] == ["in-incognito"], errors
        # Each icon exists, is the size it says, and is drawn (not empty).
        data = page.evaluate("() => fetch('/manifest.webmanifest').then(r => r.json())")
        for icon in data["icons"]:
            if icon["type"] != "image/png":
                continue
            body = page.request.get(base + icon["src"]).body()
            path = OUT / Path(icon["src"]).name
            OUT.mkdir(exist_ok=True)
            path.write_bytes(body)
            with Image.open(path) as image:
                assert f"{image.width}x{image.height}" == icon["sizes"]
                assert len(image.convert("RGBA").getcolors(1 << 16) or []) > 2
        assert {i["sizes"] for i in data["icons"] if i["type"] == "image/png"} >= {
            "192x192",
            "512x512",
        }
        page.goto(base + "/es/")
        spanish = cdp.send("Page.getAppManifest")
        assert spanish["url"] == base + "/es/manifest.webmanifest" and not spanish["errors"]
        assert json.loads(spanish["data"])["start_url"] == "/es/"
        assert json.loads(spanish["data"])["lang"] == "es"
    finally:
        context.close()


def test_axe_finds_nothing_on_the_offline_states(live_seeded, browser):
    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    axe = Axe()
    reports = {}
    try:
        start_patient(page, base)
        controlled(page)
        page.goto(base + "/checklists/")
        page.goto(base + "/my-journey/log/")
        wait_saved(page, "/checklists/", "/my-journey/log/", "/urgent/", "/offline/")
        for path in ("/about/", "/es/about/", "/offline/", "/es/offline/"):
            page.goto(base + path)
            results = axe.run(page)
            if results.violations_count:
                reports[path] = results.generate_report()
        context.set_offline(True)
        page.goto(base + "/my-journey/log/")
        form = today_section(page).locator("form.log-form").first
        form.get_by_label("Temperature").fill("38.9")
        form.get_by_label("°C", exact=True).check()
        form.get_by_label("Having a seizure", exact=True).check()
        form.get_by_role("button", name="Save this entry").click()
        expect(page.locator(".log-entry.pending")).to_have_count(1)
        results = axe.run(page)
        if results.violations_count:
            reports["log offline, an entry waiting"] = results.generate_report()
        page.goto(base + "/checklists/")
        page.locator(".check-item button.tick").first.click()
        expect(page.locator(".check-item .not-sent")).to_have_count(1)
        results = axe.run(page)
        if results.violations_count:
            reports["checklist offline, a tick waiting"] = results.generate_report()
        for path in ("/urgent/", "/glossary/", "/es/urgent/"):
            page.goto(base + path)
            results = axe.run(page)
            if results.violations_count:
                reports[f"{path} offline"] = results.generate_report()
    finally:
        context.close()
    for path, report in reports.items():
        print(f"\n===== axe: {path} =====\n{report}")
    assert not reports, f"axe violations on {len(reports)} state(s): {', '.join(reports)}"
