"""Strangers cannot grow the database without limit, and one address cannot lock out another
(issue 11 items 5 and 6)."""

import pytest
from django.core.cache import cache
from django.test import Client

from journeys.models import Journey

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited(settings, db):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMIT_WRITES = "5/m"
    cache.clear()
    f.care_center()
    stage = f.stage(slug="collection", order=1, name="Cell collection")
    item = f.checklist_item(stage, key="ride", text="Plan a ride")
    yield item
    cache.clear()


def tick(client, item, **extra):
    return client.post(
        "/checklists/", {"item": item.pk, "stage": "collection", "checked": "1"}, **extra
    )


def test_anonymous_writes_from_one_address_are_limited_with_a_friendly_429(limited):
    strangers = [Client(REMOTE_ADDR="203.0.113.7") for _ in range(8)]
    answers = [tick(c, limited).status_code for c in strangers]
    assert answers[:5] == [302] * 5
    assert answers[5:] == [429] * 3
    assert Journey.objects.count() == 5  # the sixth stranger made nothing
    refused = tick(strangers[-1], limited)
    assert refused["Retry-After"] == "60"
    assert "Wait a minute and try again" in refused.content.decode()
    # Someone else, at another address, is not affected; reading is never limited.
    assert tick(Client(REMOTE_ADDR="198.51.100.2"), limited).status_code == 302
    assert strangers[-1].get("/checklists/").status_code == 200


def test_a_forged_forwarded_header_does_not_escape_the_limit_without_a_proxy(limited):
    answers = [
        tick(
            Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"), limited
        ).status_code
        for n in range(7)
    ]
    assert answers.count(429) == 2


def test_behind_the_proxy_each_client_is_counted_by_its_own_address(limited, settings):
    settings.PROXY_COUNT = 1
    proxy = "127.0.0.1"  # every request arrives from nginx
    answers = [
        tick(
            Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"10.9.9.9, 198.51.100.{n}"), limited
        ).status_code
        for n in range(10)
    ]
    assert answers == [302] * 10  # ten families, not one address


def test_login_lockout_is_by_username_and_the_real_client_address(settings, db, django_user_model):
    """Behind nginx, five failures from one client lock that client out, not every nurse."""
    settings.PROXY_COUNT = 1
    django_user_model.objects.create_user("nurse", password="right-password-123", is_staff=True)
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(6):
        attacker.post("/admin/login/", {"username": "nurse", "password": "wrong"})
    locked = attacker.post("/admin/login/", {"username": "nurse", "password": "right-password-123"})
    assert locked.status_code == 429
    nurse = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    response = nurse.post("/admin/login/", {"username": "nurse", "password": "right-password-123"})
    assert response.status_code == 302  # the real nurse, elsewhere, still gets in
