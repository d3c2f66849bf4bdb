"""What a certified medical translator asked of the Spanish (issue 28), each where a test
can see it."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def _set_dates(client, infusion_days_ahead=10):
    today = timezone.localdate()
    infusion = today + datetime.timedelta(days=infusion_days_ahead)
    collection = today - datetime.timedelta(days=20)
    response = client.post(
        "/es/my-journey/",
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

    from journeys import memo
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
    assert "Hope Cancer Center" in client.get("/urgent/").content.decode()


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
