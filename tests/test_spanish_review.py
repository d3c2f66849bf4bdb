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
