"""What a certified medical translator asked of the Spanish (issue 28), each where a test
can see it."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def _set_dates(client, infusion_days_ahead=10, prefix="/es"):
    today = timezone.localdate()
    infusion = today + datetime.timedelta(days=infusion_days_ahead)
    collection = today - datetime.timedelta(days=20)
    response = client.post(
        f"{prefix}/my-journey/",
        {"infusion_date": infusion.isoformat(), "collection_date": collection.isoformat()},
    )
    assert response.status_code == 302, response.content[:300]
    return infusion, collection


def test_a_saved_date_is_written_into_the_date_field_as_the_browser_reads_it(seeded_db):
    """A date input's value is always YYYY-MM-DD, whatever the page's language: a
    Spanish page wrote 28/11/2026, which a browser drops, and saving again then failed."""
    client = Client()
    infusion, collection = _set_dates(client)
    body = client.get("/es/my-journey/").content.decode()
    assert f'value="{infusion.isoformat()}"' in body
    assert f'value="{collection.isoformat()}"' in body
    assert not re.search(r'type="date"[^>]*value="\d{2}/\d{2}/\d{4}"', body)
    # saving again what the page shows keeps the dates
    response = client.post(
        "/es/my-journey/",
        {"infusion_date": infusion.isoformat(), "collection_date": collection.isoformat()},
    )
    assert response.status_code == 302


# -- item 1: what staff type for the center is translated and reviewed per language ----

ENGLISH_SENTENCE = "The quick brown fox jumps over the lazy dog."
SPANISH_SENTENCE = "Hoy es un día bonito y el sol brilla."
SENTENCE_PAGES = [
    "/my-journey/log/",
    "/my-journey/log/blank/",
    "/my-journey/log/print/",
    "/print/?part=log",
]


def _with_infusion_today(client):
    today = timezone.localdate()
    response = client.post("/my-journey/", {"infusion_date": today.isoformat()})
    assert response.status_code == 302


@pytest.mark.parametrize("path", SENTENCE_PAGES)
def test_the_handwriting_sentence_is_in_the_readers_language(seeded_db, path):
    client = Client()
    _with_infusion_today(client)
    spanish = client.get("/es" + path).content.decode()
    english = client.get(path).content.decode()
    assert SPANISH_SENTENCE in spanish, path
    assert ENGLISH_SENTENCE not in spanish, path
    assert ENGLISH_SENTENCE in english, path
    assert SPANISH_SENTENCE not in english, path


def test_the_centers_words_wait_for_their_own_review_in_each_language(seeded_db):
    """A center whose name reads as words gives it in Spanish; a draft never shows."""
    from django.contrib.contenttypes.models import ContentType

    from journeys.caching import version as memo
    from journeys.models import CareCenter, Status, Translation

    center = CareCenter.objects.get()
    center.name = "Hope Cancer Center"
    center.save()
    spanish = Translation.objects.get(
        content_type=ContentType.objects.get_for_model(CareCenter), object_id=center.pk
    )
    spanish.fields = {**spanish.fields, "name": "Centro Oncológico Esperanza"}
    spanish.status = Status.DRAFT
    spanish.save()
    memo.content_changed()
    client = Client()
    assert "Centro Oncológico Esperanza" not in client.get("/es/urgent/").content.decode()
    spanish.status = Status.PUBLISHED
    spanish.save()
    memo.content_changed()
    body = client.get("/es/urgent/").content.decode()
    assert "Centro Oncológico Esperanza" in body
    assert "Hope Cancer Center" not in body
    assert "Hope Cancer Center" in Client().get("/urgent/").content.decode()


# -- item 4: one decimal style, the point US readers use --------------------------------


def test_spanish_temperatures_use_a_decimal_point_and_a_comma_is_still_read(seeded_db):
    client = Client()
    _with_infusion_today(client)
    response = client.post(
        "/es/my-journey/log/",
        {"day": 0, "time": "00:05", "temperature": "38,6", "unit": "C", "key": "c" * 32},
    )
    assert response.status_code in (200, 302), re.findall(
        r'class="error[^>]*>([^<]*)', response.content.decode()
    )
    body = client.get("/es/my-journey/log/?day=0").content.decode()
    assert "38.6" in body and "101.5" in body
    assert "100.4" in body  # the fever line, same style
    assert not re.search(r"\d+,\d\s*°", body)
    for path in ("/es/my-journey/log/print/", "/es/my-journey/log/entries.csv", "/es/urgent/"):
        assert not re.search(r"\d+,\d\s*°", client.get(path).content.decode()), path


# -- item 10: the calendar file; item 11: the server error page -------------------------


def test_the_spanish_calendar_file_says_after_hours_in_spanish(seeded_db):
    client = Client()
    _set_dates(client)
    body = client.get("/es/my-journey/calendar.ics").content.decode()
    unfolded = body.replace("\r\n ", "").lower()
    assert "fuera de horario" in unfolded
    assert "after hours" not in unfolded
    english = Client()
    _set_dates(english, prefix="")
    assert (
        "after hours"
        in english.get("/my-journey/calendar.ics").content.decode().replace("\r\n ", "").lower()
    )


def test_the_server_error_page_speaks_the_readers_language_and_links_its_pages():
    from django.test import RequestFactory
    from django.utils import translation
    from django.views.defaults import server_error

    request = RequestFactory().get("/es/journey/")
    with translation.override("es"):
        body = server_error(request).content.decode()
    assert '<html lang="es">' in body
    assert 'href="/es/urgent/"' in body and 'href="/urgent/"' not in body
    assert "Algo salió mal" in body and "Something went wrong" not in body
    with translation.override("en"):
        body = server_error(RequestFactory().get("/journey/")).content.decode()
    assert '<html lang="en">' in body and 'href="/urgent/"' in body


def test_a_real_failure_on_a_spanish_page_answers_in_spanish(seeded_db, monkeypatch):
    from journeys.views import pages

    def broken(*args, **kwargs):
        raise RuntimeError("the database is gone")

    monkeypatch.setattr(pages.selectors, "glossary_terms", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/es/glossary/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Algo salió mal" in body and 'href="/es/urgent/"' in body


# -- item 14: the word list in Spanish order ------------------------------------------


def _entry_names(html):
    return re.findall(r'<div class="glossary-entry" id="[^"]+">\s*<dt><a [^>]*>([^<]+)</a>', html)


def test_the_spanish_word_list_is_in_spanish_alphabetical_order(seeded_db):
    from journeys.content.glossary import alphabetical_key

    names = _entry_names(Client().get("/es/glossary/").content.decode())
    assert len(names) > 50
    assert names == sorted(names, key=alphabetical_key)
    assert names.index("Aféresis") < names.index("Antihistamínico")
    medula = names.index("Médula ósea")
    assert names[medula - 1][0] in "LM" and names[medula + 1][0] in "MN"
    english = _entry_names(Client().get("/glossary/").content.decode())
    assert english == sorted(english, key=alphabetical_key)


def test_the_packets_word_list_is_in_spanish_order_too(seeded_db):
    from journeys.content.glossary import alphabetical_key

    body = Client().get("/es/print/?part=stages&part=glossary").content.decode()
    section = body[body.index('id="part-glossary-heading"') :]
    names = re.findall(r'<div class="glossary-entry"><dt>([^<(]+)', section)
    names = [n.strip() for n in names]
    assert len(names) > 10, names
    assert names == sorted(names, key=alphabetical_key)


# -- item 26: the Spanish words' own review date; English sources say so ---------------


def test_a_spanish_page_shows_when_its_spanish_words_were_reviewed(seeded_db):
    from journeys.caching import version as memo
    from journeys.models import CONTENT_MODELS, Stage, Translation

    english_day, spanish_day = datetime.date(2026, 6, 1), datetime.date(2026, 11, 20)
    for model in CONTENT_MODELS:
        if model is not Translation and hasattr(model, "last_reviewed"):
            model.objects.update(last_reviewed=english_day)
    Translation.objects.update(last_reviewed=spanish_day)
    memo.content_changed()
    url = Stage.objects.published().order_by("order").first().get_absolute_url()

    def reviewed(path):
        body = Client().get(path).content.decode()
        return re.search(r'page-meta.*?<time datetime="([0-9-]+)"', body, re.S)[1]

    assert reviewed(url) == english_day.isoformat()
    assert reviewed("/es" + url) == spanish_day.isoformat()
    assert reviewed("/es/products/yescarta/") == spanish_day.isoformat()


def test_english_only_sources_are_marked_on_spanish_pages(seeded_db):
    body = Client().get("/es/about/").content.decode()
    sources = re.findall(r"<li>(<span lang=\"en\"><a href=\"http.*?)</li>", body)
    assert len(sources) > 10
    for source in sources:
        assert "</span> (en inglés)" in source and 'hreflang="en"' in source, source
    assert not re.search(r"<li><a href=\"http", body)  # none left unmarked
    english = Client().get("/about/").content.decode()
    assert "(in English)" not in english and "(en inglés)" not in english
    assert re.search(r"<li><a href=\"http", english)


# -- item 25: downloaded files are named in the reader's language ------------------------


def test_downloaded_files_are_named_in_the_readers_language(seeded_db):
    client = Client()
    _set_dates(client, infusion_days_ahead=-3)
    assert (
        'filename="recorrido-car-t.ics"'
        in client.get("/es/my-journey/calendar.ics")["Content-Disposition"]
    )
    assert (
        'filename="registro-diario-car-t.csv"'
        in client.get("/es/my-journey/log/entries.csv")["Content-Disposition"]
    )
    english = Client()
    _set_dates(english, prefix="")
    assert (
        'filename="car-t-journey.ics"'
        in english.get("/my-journey/calendar.ics")["Content-Disposition"]
    )


# -- browser walk: a phone that chose Spanish keeps Spanish on plain links ----------------


def test_a_phone_that_chose_spanish_opens_plain_links_in_spanish(seeded_db):
    """The phone's browser prefers English; the reader chose Español with the switch."""
    from django.conf import settings

    phone = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert phone.get("/journey/").status_code == 200  # first visit: English, as asked
    response = phone.get("/es/journey/?language=es")  # the switch
    assert response.status_code == 302 and response["Location"] == "/es/journey/"
    assert phone.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    for plain in ("/journey/infusion/", "/urgent/", "/journey/infusion/?step=2", "/"):
        response = phone.get(plain)
        assert response.status_code == 302, plain
        assert response["Location"] == "/es" + plain, plain
    # a form post and an htmx request are never redirected
    assert phone.get("/urgent/", HTTP_HX_REQUEST="true").status_code == 200
    # the switch back to English sticks too, and keeps the page's own query
    response = phone.get("/journey/infusion/?step=2&language=en")
    assert response["Location"] == "/journey/infusion/?step=2"
    assert phone.get("/journey/infusion/").status_code == 200


def test_the_switch_marks_the_choice_and_keeps_the_page(seeded_db):
    body = Client().get("/es/journey/infusion/?step=2").content.decode()
    assert 'href="/journey/infusion/?step=2&amp;language=en"' in body


# -- item 9: product names said the Spanish way -------------------------------------------


def test_spanish_product_pages_say_the_name_the_spanish_way(seeded_db):
    spanish = Client().get("/es/products/aucatzyl/").content.decode()
    assert "O-be-KAB-ta-yin O-to-LU-sel" in spanish
    assert "OH-be-KAB-ta-jeen" not in spanish
    english = Client().get("/products/aucatzyl/").content.decode()
    assert "OH-be-KAB-ta-jeen AW-toe-LOO-sel" in english
