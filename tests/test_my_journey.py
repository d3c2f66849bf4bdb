"""Journeys without accounts: dates, checklist ticks, sharing, revoking, forgetting, calendar."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from journeys.models import Journey, JourneyCheck

from . import factories as f
from .cachestore import forget_all
from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True, params=[False, True], ids=["fresh", "kept"])
def content_memo(request, settings):
    """Every test twice: rendered afresh, and with content and fragments kept in the process
    (as production runs), so nothing kept can show one family another family's dates."""
    settings.CONTENT_CACHE = request.param
    forget_all()
    yield
    forget_all()


@pytest.fixture
def content(db):
    f.care_center(follow_up_days=[30])
    stage = f.stage(slug="collection", order=1, name="Cell collection")
    other = f.stage(slug="infusion", order=2, name="Infusion day")
    items = [f.checklist_item(stage, text=f"Task {n}") for n in range(3)]
    other_item = f.checklist_item(other, text="Other stage task")
    patient_item = f.checklist_item(stage, who="patient", text="Patient task")
    product = f.product(
        slug="yescarta",
        brand_name="Yescarta",
        lymphodepletion_days=3,
        infusion_after_ld_min_days=3,
        infusion_after_ld_max_days=3,
        stay_near_days=14,
        no_driving_days=14,
        daily_monitoring_days=7,
    )
    return {
        "stage": stage,
        "other": other,
        "items": items,
        "other_item": other_item,
        "patient_item": patient_item,
        "product": product,
    }


def future(days=30):
    return timezone.localdate() + datetime.timedelta(days=days)


def follow(client, token, **data):
    """Follow a shared journey on this device: the confirmation page's POST."""
    return client.post(f"/j/{token}/", data)


def tick(client, item, stage_slug, checked="1", **headers):
    return client.post(
        "/checklists/", {"item": item.pk, "stage": stage_slug, "checked": checked}, **headers
    )


def test_looking_creates_nothing(client, content):
    for url in [
        "/",
        "/journey/",
        "/checklists/",
        "/my-journey/",
        "/checklists/print/",
        "/my-journey/wallet-card/",
    ]:
        assert client.get(url).status_code == 200
    assert Journey.objects.count() == 0


def test_entering_dates_creates_a_journey_and_a_dated_timeline(client, content):
    client.post("/", {"role": "patient", "product": "yescarta"})
    infusion = future(40)
    response = client.post("/my-journey/", {"infusion_date": infusion.isoformat()})
    assert response.status_code == 302
    journey = Journey.objects.get()
    assert journey.infusion_date == infusion and journey.product == content["product"]
    html = client.get("/my-journey/").content.decode()
    stay_until = infusion + datetime.timedelta(days=14)
    assert stay_until.strftime("%b %-d, %Y") in html
    assert "Follow-up visit (about day 30)" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"infusion_date": "2026-02-30"}, "Check that the date exists"),
        ({"infusion_date": "not a date"}, "Check that the date exists"),
        ({"infusion_date": ""}, "Enter the whole date"),
        ({"infusion_date": "1999-01-01"}, "more than two years ago"),
        ({"infusion_date": "2999-01-01"}, "more than a year away"),
        ({"infusion_date": "{future}", "collection_date": "{later}"}, "comes before the infusion"),
        ({"infusion_date": "x" * 5000}, "Check that the date exists"),
    ],
)
def test_impossible_or_far_off_dates_are_refused(client, content, data, message):
    data = {
        k: v.format(future=future(20).isoformat(), later=future(25).isoformat())
        for k, v in data.items()
    }
    response = client.post("/my-journey/", data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("\n", " ")
    assert Journey.objects.count() == 0


def test_a_refused_date_does_not_touch_saved_dates(client, content):
    client.post("/my-journey/", {"infusion_date": future(10).isoformat()})
    response = client.post("/my-journey/", {"infusion_date": "2999-01-01"})
    assert Journey.objects.get().infusion_date == future(10)
    # The saved timeline below the error says it still uses the saved dates.
    html = response.content.decode()
    assert "more than a year away" in html
    assert "Your new dates were not saved" in html
    assert html.index("Your new dates were not saved") < html.index('id="timeline-heading"')


def test_the_timeline_says_which_day_today_is(client, content):
    client.post("/my-journey/", {"infusion_date": future(-10).isoformat()})
    html = client.get("/my-journey/").content.decode()
    assert "Today is day 10 after your infusion." in html
    # The windows that cover today are marked as now, and the past ones as past.
    assert re.search(r'class="milestone milestone-stay-near now"', html)
    assert re.search(r'class="milestone milestone-infusion past"', html)
    client.post("/my-journey/", {"infusion_date": future(3).isoformat()})
    assert "Your infusion is in 3 days." in client.get("/my-journey/").content.decode()


def test_the_timeline_moves_on_when_the_day_changes(client, content, time_machine):
    client.post("/my-journey/", {"infusion_date": future(-10).isoformat()})
    assert "Today is day 10 after" in client.get("/my-journey/").content.decode()
    time_machine.shift(datetime.timedelta(days=1))  # the whole clock: noon tomorrow
    assert "Today is day 11 after" in client.get("/my-journey/").content.decode()


def test_two_families_with_different_dates_or_products_each_see_their_own(content):
    first, second = Client(), Client()
    first.post("/", {"product": "yescarta", "role": "patient"})
    first.post("/my-journey/", {"infusion_date": future(5).isoformat()})
    second.post("/", {"product": "", "role": "patient"})
    second.post("/my-journey/", {"infusion_date": future(9).isoformat()})
    one, two = (c.get("/my-journey/").content.decode() for c in (first, second))
    assert "Your infusion is in 5 days." in one and "Your infusion is in 9 days." in two
    assert 'value="' + future(5).isoformat() in one
    assert 'value="' + future(9).isoformat() in two and future(5).isoformat() not in two
    # The same dates under another product: that product's own timeline, not the first's.
    second.post("/my-journey/", {"infusion_date": future(5).isoformat()})
    two = second.get("/my-journey/").content.decode()
    timeline = re.compile(r'<section id="timeline".*?</section>', re.S)
    one, two = timeline.search(one).group(), timeline.search(two).group()
    assert "milestone-lymphodepletion" in one  # Yescarta's chemotherapy days
    assert "milestone-lymphodepletion" not in two  # not sure yet: no product's days


def test_ticking_saves_on_the_journey_and_updates_the_count(client, content):
    item = content["items"][0]
    response = tick(client, item, "collection")
    assert response.status_code == 302 and response["Location"] == f"/checklists/#item-{item.pk}"
    journey = Journey.objects.get()
    assert list(journey.checks.values_list("item_id", flat=True)) == [item.pk]
    html = client.get("/checklists/").content.decode()
    assert "3 of 4 tasks left" in html
    assert "Patient task" not in html  # caregiver checklist only
    tick(client, item, "collection", checked="0")
    assert not JourneyCheck.objects.exists()


def ticked_on_page(html):
    """The item ids the checklist page shows as done."""
    return {int(n) for n in re.findall(r'<li id="item-(\d+)" class="check-item done"', html)}


def test_the_page_shows_each_tick_and_untick_on_every_device(client, content):
    first, second = content["items"][:2]
    tick(client, first, "collection")
    assert ticked_on_page(client.get("/checklists/").content.decode()) == {first.pk}
    tick(client, second, "collection")
    assert ticked_on_page(client.get("/checklists/").content.decode()) == {first.pk, second.pk}
    assert client.get("/checklists/print/").content.decode().count("☑") == 2
    tick(client, first, "collection", checked="0")
    assert ticked_on_page(client.get("/checklists/").content.decode()) == {second.pk}
    assert client.get("/checklists/print/").content.decode().count("☑") == 1
    other = Client()  # a new device: nothing ticked on its own list
    assert ticked_on_page(other.get("/checklists/").content.decode()) == set()
    assert other.get("/checklists/print/").content.decode().count("☑") == 0


def test_htmx_tick_swaps_only_the_item_and_the_count(client, content):
    item = content["items"][1]
    html = tick(client, item, "collection", **HX).content.decode()
    assert "<html" not in html
    assert html.strip().startswith(f'<li id="item-{item.pk}" class="check-item done"')
    assert 'aria-pressed="true"' in html
    assert 'id="checklist-count"' in html and 'hx-swap-oob="innerHTML"' in html
    assert "3 of 4 tasks left" in html


@pytest.mark.parametrize(
    ("item_value", "stage", "message"),
    [
        ("999999", "collection", "does not exist"),
        ("abc", "collection", "does not exist"),
        ("", "collection", "does not exist"),
        ("9" * 40, "collection", "does not exist"),
        ("{other}", "collection", "belongs to another stage"),
        ("{mine}", "nope", "belongs to another stage"),
        ("{patient}", "collection", "does not exist"),
    ],
)
def test_ticking_a_wrong_item_is_refused_and_stores_nothing(
    client, content, item_value, stage, message
):
    value = item_value.format(
        other=content["other_item"].pk,
        mine=content["items"][0].pk,
        patient=content["patient_item"].pk,
    )
    response = client.post("/checklists/", {"item": value, "stage": stage, "checked": "1"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Journey.objects.count() == 0 and JourneyCheck.objects.count() == 0


def test_a_bad_checked_value_is_refused(client, content):
    response = client.post(
        "/checklists/", {"item": content["items"][0].pk, "stage": "collection", "checked": "maybe"}
    )
    assert response.status_code == 400
    assert not JourneyCheck.objects.exists()


def test_share_link_opens_the_same_checklist_on_another_device(client, content):
    tick(client, content["items"][0], "collection")
    client.post("/my-journey/share/", {"sharing": "on"})
    journey = Journey.objects.get()
    assert journey.token and len(journey.token) >= 43  # 32 random bytes, url-safe
    caregiver = Client()
    page = caregiver.get(f"/j/{journey.token}/")
    assert page.status_code == 200 and "Follow this journey on this phone?" in page.content.decode()
    response = follow(caregiver, journey.token)
    assert response.status_code == 302 and response["Location"] == "/checklists/"
    html = caregiver.get("/checklists/").content.decode()
    assert "3 of 4 tasks left" in html and "You are now following this journey" in html
    assert "Share with a caregiver" not in html  # only the owner can share
    assert "Share with a caregiver" in client.get("/checklists/").content.decode()
    tick(caregiver, content["items"][1], "collection")
    assert "2 of 4 tasks left" in client.get("/checklists/").content.decode()
    assert Journey.objects.count() == 1


def test_turning_sharing_off_kills_the_link_at_once(client, content):
    tick(client, content["items"][0], "collection")
    client.post("/my-journey/share/", {"sharing": "on"})
    token = Journey.objects.get().token
    caregiver = Client()
    follow(caregiver, token)
    client.post("/my-journey/share/", {"sharing": "off", "confirm": "yes"})
    assert Journey.objects.get().token is None
    response = caregiver.get(f"/j/{token}/")
    assert response.status_code == 404 and "This link does not work" in response.content.decode()
    # The caregiver's device, which joined earlier, has lost the journey too, and says so.
    html = caregiver.get("/checklists/").content.decode()
    assert "4 of 4 tasks left" in html
    assert "This link was turned off. Ask for a new one." in html


def test_a_tick_through_a_turned_off_link_is_refused_not_saved_in_a_new_list(client, content):
    """A caregiver whose link was turned off must never start a private list without a word."""
    tick(client, content["items"][0], "collection")
    client.post("/my-journey/share/", {"sharing": "on"})
    caregiver = Client()
    follow(caregiver, Journey.objects.get().token)
    client.post("/my-journey/share/", {"sharing": "off", "confirm": "yes"})

    response = tick(caregiver, content["items"][2], "collection")
    assert response.status_code == 409
    assert "This link was turned off. Ask for a new one." in response.content.decode()
    assert Journey.objects.count() == 1 and JourneyCheck.objects.count() == 1
    # With htmx, the tick is not swapped in as if saved: the page reloads to say why.
    response = caregiver.post(
        "/checklists/",
        {"item": content["items"][2].pk, "stage": "collection", "checked": "1"},
        headers={"HX-Request": "true", "HX-Target": f"item-{content['items'][2].pk}"},
    )
    assert response.status_code == 409 and response["HX-Redirect"] == "/checklists/"
    dates = caregiver.post("/my-journey/", {"infusion_date": future(5).isoformat()})
    assert dates.status_code == 409 and Journey.objects.count() == 1
    # Asking for a new link and opening it clears the notice.
    client.post("/my-journey/share/", {"sharing": "on"})
    follow(caregiver, Journey.objects.get().token)
    html = caregiver.get("/checklists/").content.decode()
    assert "This link was turned off" not in html and "3 of 4 tasks left" in html


def test_turning_sharing_back_on_makes_a_new_link(client, content):
    tick(client, content["items"][0], "collection")
    client.post("/my-journey/share/", {"sharing": "on"})
    first = Journey.objects.get().token
    client.post("/my-journey/share/", {"sharing": "off", "confirm": "yes"})
    client.post("/my-journey/share/", {"sharing": "on"})
    assert Journey.objects.get().token not in (None, first)


def test_only_the_owner_can_change_sharing_or_erase(client, content):
    tick(client, content["items"][0], "collection")
    client.post("/my-journey/share/", {"sharing": "on"})
    caregiver = Client()
    follow(caregiver, Journey.objects.get().token)
    assert (
        caregiver.post("/my-journey/share/", {"sharing": "off", "confirm": "yes"}).status_code
        == 403
    )
    assert Journey.objects.get().token


def test_forget_on_a_linked_phone_removes_the_journey_from_that_phone_only(client, content):
    tick(client, content["items"][0], "collection")
    client.post("/my-journey/share/", {"sharing": "on"})
    caregiver = Client()
    follow(caregiver, Journey.objects.get().token)
    page = caregiver.get("/my-journey/forget/").content.decode()
    assert "Remove this journey from this phone" in page and "Erase everything" not in page
    response = caregiver.post("/my-journey/forget/")
    assert response.status_code == 200
    assert "removed from this phone" in response.content.decode()
    # The owner's journey, link and ticks are untouched; the caregiver's phone no longer has it.
    journey = Journey.objects.get()
    assert journey.token and journey.checks.count() == 1
    assert "4 of 4 tasks left" in caregiver.get("/checklists/").content.decode()
    assert "3 of 4 tasks left" in client.get("/checklists/").content.decode()


@pytest.mark.parametrize(
    ("token", "status"),
    [
        ("x", 404),
        ("A" * 43, 404),
        ("../../etc/passwd", 404),
        ("a" * 500, 404),
        ("%00", 400),
        ("A" * 42 + "%C3%A9", 404),
    ],
)
def test_malformed_or_unknown_tokens_get_a_friendly_4xx(client, content, token, status):
    response = client.get(f"/j/{token}/")
    assert response.status_code == status
    assert Journey.objects.count() == 0


def test_forget_me_deletes_everything(client, content):
    client.post("/my-journey/", {"infusion_date": future().isoformat()})
    tick(client, content["items"][0], "collection")
    client.post("/my-journey/share/", {"sharing": "on"})
    token = Journey.objects.get().token
    response = client.post("/my-journey/forget/")
    assert response.status_code == 200 and "Your journey is erased" in response.content.decode()
    assert Journey.objects.count() == 0 and JourneyCheck.objects.count() == 0
    assert Client().get(f"/j/{token}/").status_code == 404
    assert "4 of 4 tasks left" in client.get("/checklists/").content.decode()


def test_calendar_file_parses_back_with_the_same_events(client, content):
    client.post("/", {"role": "patient", "product": "yescarta"})
    infusion = future(60)
    client.post("/my-journey/", {"infusion_date": infusion.isoformat()})
    response = client.get("/my-journey/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}

    from journeys.journey.timeline import build_timeline
    from journeys.models import CareCenter

    expected = build_timeline(
        infusion_date=infusion, center=CareCenter.load(), product=content["product"]
    )
    assert set(events) == {m.title for m in expected}
    for m in expected:
        event = events[m.title]
        assert event.decoded("dtstart") == m.start
        assert event.decoded("dtend") == m.last_day + datetime.timedelta(days=1)
        assert event["uid"]
    assert len({str(e["uid"]) for e in events.values()}) == len(events)

    # New dates: the next download follows them (nothing kept from before).
    client.post("/my-journey/", {"infusion_date": future(30).isoformat()})
    calendar = Calendar.from_ical(client.get("/my-journey/calendar.ics").content)
    starts = sorted(e.decoded("dtstart") for e in calendar.walk("VEVENT"))
    moved = build_timeline(
        infusion_date=future(30), center=CareCenter.load(), product=content["product"]
    )
    assert starts == sorted(m.start for m in moved)


def test_calendar_without_dates_is_a_clear_404(client, content):
    response = client.get("/my-journey/calendar.ics")
    assert response.status_code == 404
    assert "Enter your infusion date first" in response.content.decode()


def test_wallet_card_shows_product_date_and_numbers(client, content):
    f.warning_sign(name="Trouble breathing", action="call_emergency")
    client.post("/", {"role": "patient", "product": "yescarta"})
    client.post("/my-journey/", {"infusion_date": future(5).isoformat()})
    html = client.get("/my-journey/wallet-card/").content.decode()
    assert "I have had CAR-T cell therapy" in html
    assert "Yescarta" in html and future(5).strftime("%b %-d, %Y") in html
    assert "555-0199" in html and "Trouble breathing" in html


def test_journey_stores_nothing_identifying():
    fields = {f.name for f in Journey._meta.get_fields()}
    assert fields <= {
        "id",
        "token",
        "product",
        "infusion_date",
        "collection_date",
        "caregiver_may_edit_dates",
        "checked_items",
        "created_at",
        "last_seen_at",
        "checks",
        # The daily log (tests/test_log.py checks that its rows hold no free text).
        "log_entries",
        "log_days",
        "log_revision",  # a count of writes to the log, nothing about them
    }


def test_purge_removes_only_idle_journeys(content):
    old = Journey.objects.create()
    Journey.objects.filter(pk=old.pk).update(
        last_seen_at=timezone.now() - datetime.timedelta(days=100)
    )
    fresh = Journey.objects.create()
    call_command("purge_journeys", "--idle-days", "90")
    assert list(Journey.objects.all()) == [fresh]


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/journey/collection/?step=%00", None),
        ("get", "/glossary/?q=a%00b", None),
        ("post", "/choose-product/", {"product": "yes\x00carta"}),
        ("post", "/", {"product": "\x00", "role": "patient"}),
        ("post", "/checklists/", {"item": "1\x00", "stage": "collection", "checked": "1"}),
        ("post", "/my-journey/", {"infusion_date": "2026-01-01\x00"}),
    ],
)
def test_nul_characters_are_refused_with_a_400(client, content, method, url, data):
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code == 400
    assert "character this site does not use" in response.content.decode()
    assert Journey.objects.count() == 0


def test_unicode_digits_are_not_numbers(client, content):
    response = client.post("/checklists/", {"item": "²", "stage": "collection", "checked": "1"})
    assert response.status_code == 400
    assert client.get("/journey/collection/?step=²").status_code == 404


def test_start_my_own_list_after_a_link_was_turned_off(client, content):
    tick(client, content["items"][0], "collection")
    client.post("/my-journey/share/", {"sharing": "on"})
    caregiver = Client()
    follow(caregiver, Journey.objects.get().token)
    client.post("/my-journey/share/", {"sharing": "off", "confirm": "yes"})
    assert "Start my own list on this phone" in caregiver.get("/checklists/").content.decode()
    response = caregiver.post("/my-journey/forget/")
    assert "removed from this phone" in response.content.decode()
    assert Journey.objects.count() == 1  # the patient's journey is not erased
    assert tick(caregiver, content["items"][2], "collection").status_code == 302
    assert Journey.objects.count() == 2  # the caregiver chose to start their own


def test_the_share_link_comes_with_copy_share_and_a_qr_code_drawn_by_the_app(client, content):
    import segno

    tick(client, content["items"][0], "collection")
    client.post("/my-journey/share/", {"sharing": "on"})
    html = client.get("/my-journey/").content.decode()
    url = f"http://testserver/j/{Journey.objects.get().token}/"
    assert f'value="{url}"' in html
    assert 'data-copy="share-link"' in html and 'data-share="share-link"' in html
    # The QR code is an SVG of exactly this link, drawn by this app: nothing from elsewhere.
    src = re.search(
        r'<figure class="share-qr">\s*<img src="([^"]+)" alt="QR code of your share link"', html
    ).group(1)
    assert src.startswith("/my-journey/share/qr.svg?v=")
    response = client.get(src)
    assert response["Content-Type"] == "image/svg+xml" and "private" in response["Cache-Control"]
    svg = response.content.decode()
    assert 'role="img" aria-label="QR code of your share link"' in svg and "xmlns=" in svg
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg).group(1)
    assert path in segno.make(url, error="m").svg_inline(scale=5, border=4)
    assert path not in segno.make(url + "x", error="m").svg_inline(scale=5, border=4)
    # A new link gets a new address, so a browser never shows a kept picture of a dead link.
    client.post("/my-journey/share/", {"sharing": "off", "confirm": "yes"})
    client.post("/my-journey/share/", {"sharing": "on"})
    assert src not in client.get("/my-journey/").content.decode()


def test_only_the_owner_gets_the_qr_code(client, content):
    tick(client, content["items"][0], "collection")
    assert client.get("/my-journey/share/qr.svg").status_code == 404  # no link yet
    client.post("/my-journey/share/", {"sharing": "on"})
    follower = Client()
    follow(follower, Journey.objects.get().token)
    assert follower.get("/my-journey/share/qr.svg").status_code == 404
    assert Client().get("/my-journey/share/qr.svg").status_code == 404


def test_opening_a_share_link_changes_nothing_until_you_confirm(client, content):
    """Issue 11 item 1: GET /j/<token>/ is a question, not an action."""
    tick(client, content["items"][0], "collection")
    client.post("/my-journey/share/", {"sharing": "on"})
    token = Journey.objects.get().token
    caregiver = Client()
    caregiver.post("/", {"role": "caregiver", "product": ""})  # a session of its own first
    before = caregiver.cookies["sessionid"].value
    assert caregiver.get(f"/j/{token}/").status_code == 200
    assert "4 of 4 tasks left" in caregiver.get("/checklists/").content.decode()  # not joined
    follow(caregiver, token)
    assert caregiver.cookies["sessionid"].value != before  # a new session key on joining
    assert "3 of 4 tasks left" in caregiver.get("/checklists/").content.decode()


def test_the_owner_opening_their_own_link_stays_the_owner(client, content):
    tick(client, content["items"][0], "collection")
    client.post("/my-journey/share/", {"sharing": "on"})
    token = Journey.objects.get().token
    page = client.get(f"/j/{token}/").content.decode()
    assert "This is your own journey" in page
    follow(client, token)
    # Still the owner: sharing can be turned off and the journey erased.
    assert (
        client.post("/my-journey/share/", {"sharing": "off", "confirm": "yes"}).status_code == 302
    )
    assert Journey.objects.get().token is None


def test_a_link_never_silently_replaces_the_journey_this_phone_owns(client, content):
    tick(client, content["items"][0], "collection")
    client.post("/my-journey/share/", {"sharing": "on"})
    token = Journey.objects.get().token
    other = Client()
    other.post("/my-journey/", {"infusion_date": future(5).isoformat()})
    mine = Journey.objects.exclude(token=token).get()
    page = other.get(f"/j/{token}/").content.decode()
    assert "This phone already has its own journey" in page
    refused = follow(other, token)
    assert refused.status_code == 409
    assert other.get("/my-journey/").context["journey"].pk == mine.pk  # still their own
    follow(other, token, replace="yes")
    assert "3 of 4 tasks left" in other.get("/checklists/").content.decode()


def test_a_caregiver_cannot_change_the_patients_dates_unless_allowed(client, content):
    """Issue 11 item 2: dates are the owner's; the owner may let the caregiver change them."""
    client.post("/my-journey/", {"infusion_date": future(10).isoformat()})
    client.post("/my-journey/share/", {"sharing": "on"})
    caregiver = Client()
    follow(caregiver, Journey.objects.get().token)
    page = caregiver.get("/my-journey/").content.decode()
    assert "Only the patient can change these dates" in page
    response = caregiver.post("/my-journey/", {"infusion_date": future(20).isoformat()})
    assert response.status_code == 403
    assert Journey.objects.get().infusion_date == future(10)
    client.post("/my-journey/share/", {"sharing": "on", "caregiver_may_edit_dates": "on"})
    assert (
        caregiver.post("/my-journey/", {"infusion_date": future(20).isoformat()}).status_code == 302
    )
    assert Journey.objects.get().infusion_date == future(20)
    client.post("/my-journey/share/", {"sharing": "on"})  # unticked again
    assert (
        caregiver.post("/my-journey/", {"infusion_date": future(30).isoformat()}).status_code == 403
    )


def test_each_date_field_points_to_its_own_hint_and_error(client, content):
    """aria-describedby must name elements that exist, or a screen reader reads nothing."""
    response = client.post("/my-journey/", {"infusion_date": "2999-01-01", "collection_date": "x"})
    html = response.content.decode()
    for field in re.findall(r'<input type="date"[^>]*>', html):
        described = re.search(r'aria-describedby="([^"]+)"', field).group(1).split()
        for element_id in described:
            assert f'id="{element_id}"' in html, (field, element_id)


def test_the_dates_form_speaks_of_each_products_own_day_count(client, content):
    """A split-dose product counts its first infusion as day 1; the form says so for it
    alone, also when another device with the same dates saw the form first."""
    f.product(slug="aucatzyl", brand_name="Aucatzyl", second_infusion_day=10)
    first, second = Client(), Client()
    first.post("/", {"product": "yescarta", "role": "patient"})
    second.post("/", {"product": "aucatzyl", "role": "patient"})
    for device in (first, second):
        device.post("/my-journey/", {"infusion_date": future(5).isoformat()})
    one, two = (d.get("/my-journey/").content.decode() for d in (first, second))
    assert "First infusion date (day 1)" not in one
    assert "First infusion date (day 1)" in two


def test_a_session_holding_anything_but_a_journeys_id_opens_no_journey(client, content):
    """journey_open reads the id this site put in the session (an int): a session that
    holds anything else opens nothing, and the page still answers."""
    from journeys.journey import session as keys

    client.post("/", {"role": "patient", "product": "yescarta"})
    client.post("/my-journey/", {"infusion_date": future(40).isoformat()})
    journey = Journey.objects.get()
    assert journey.infusion_date.strftime("%b %-d, %Y") in client.get("/my-journey/").text
    session = client.session
    session[keys.JOURNEY] = str(journey.pk)
    session.save()
    response = client.get("/my-journey/")
    assert response.status_code == 200
    assert journey.infusion_date.strftime("%b %-d, %Y") not in response.text
    assert keys.JOURNEY not in client.session  # dropped, as for a journey gone
