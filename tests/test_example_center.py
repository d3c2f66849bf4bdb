"""The example care center that `make run` ships must never reach patients unnoticed."""

import pytest

from journeys.journey.checks import example_center_error, example_center_warning
from journeys.models import CareCenter

from . import factories as f

pytestmark = pytest.mark.django_db

EXAMPLE = dict(
    name="Your CAR-T treatment center",
    phone_day="(555) 010-0100",
    phone_after_hours="(555) 010-0199",
    address="Replace with your center's address",
)
REAL = dict(
    name="Lakeside Cancer Center",
    phone_day="(614) 293-8000",
    phone_after_hours="(614) 293-8001",
    address="410 W 10th Ave, Columbus, OH",
)


def test_check_warns_and_deploy_check_fails_while_example_values_are_left(seeded_db):
    warnings, errors = example_center_warning(), example_center_error()
    assert [w.id for w in warnings] == ["journeys.W001"]
    assert [e.id for e in errors] == ["journeys.E001"]
    for field in ("name", "phone_day", "phone_after_hours", "address"):
        assert field in errors[0].msg
    center = CareCenter.load()
    for field, value in REAL.items():
        setattr(center, field, value)
    center.save()
    assert example_center_warning() == [] and example_center_error() == []
    center.phone_day = "555-0142"  # one fictional number left is enough to fail
    center.save()
    assert "phone_day" in example_center_error()[0].msg


def test_patients_never_read_the_example_name_mid_sentence(client, seeded_db):
    pages = ["/journey/", "/journey/infusion/", "/journey/leukapheresis/", "/urgent/"]
    pages += ["/products/yescarta/", "/checklists/", "/checklists/print/"]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Your CAR-T treatment center" not in html, url
        assert "Replace with your center" not in html, url
    infusion = client.get("/journey/infusion/").content.decode()
    assert "You come to your treatment center" in infusion


def test_a_real_center_name_is_used_in_prose(client):
    f.care_center(**REAL)
    stage = f.stage(slug="infusion", order=1, name="Infusion")
    f.step(stage, key="arrive", order=1, title="Arrive", body="You come to {center_name} early.")
    html = client.get("/journey/infusion/").content.decode()
    assert "You come to Lakeside Cancer Center early." in html
    assert "410 W 10th Ave" in client.get("/urgent/").content.decode()


def test_staff_see_a_banner_until_the_example_details_are_replaced(client, seeded_db, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert "The care center still has the example name, phone_day" in html
    center = CareCenter.load()
    for field, value in REAL.items():
        setattr(center, field, value)
    center.save()
    assert "still has the example" not in client.get("/admin/").content.decode()
