"""Security: headers and CSP, CSRF, login throttling, production settings, friendly error pages."""

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.test import Client

from . import factories as f

ROOT = Path(__file__).resolve().parent.parent
EMPTY_DB = Path(tempfile.gettempdir()) / "cart-journey-check-empty.sqlite3"
pytestmark = pytest.mark.django_db


def run_manage(*args, **env):
    """manage.py with production settings, on an empty database of its own (nothing loaded)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean["DATABASE_URL"] = f"sqlite:///{EMPTY_DB}"
    clean["DJANGO_SETTINGS_MODULE"] = "carteducation.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="cart.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("key", ["", "short", "django-insecure-" + "x" * 60, "a" * 60])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    result = run_manage("check", DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="cart.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_security_headers_and_strict_csp(client):
    f.care_center()
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    nonce = csp.split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    assert f'nonce="{nonce}"' in html
    assert "<style" not in html and " style=" not in html  # nothing inline for the CSP to block


def test_every_post_needs_a_csrf_token(db):
    f.care_center()
    stage = f.stage(slug="s", order=1)
    item = f.checklist_item(stage)
    client = Client(enforce_csrf_checks=True)
    client.get("/")
    for url, data in [
        ("/", {"product": ""}),
        ("/choose-product/", {"product": ""}),
        ("/checklists/", {"item": item.pk, "stage": "s", "checked": "1"}),
        ("/my-journey/", {"infusion_date": "2026-12-01"}),
        ("/my-journey/share/", {"sharing": "on"}),
        ("/my-journey/forget/", {}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert "Please try that again" in response.content.decode()
    from journeys.models import Journey

    assert Journey.objects.count() == 0


def test_admin_login_is_throttled_after_repeated_failures(django_user_model):
    django_user_model.objects.create_user("nurse", password="right-password-123", is_staff=True)
    client = Client()
    for _ in range(4):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "nurse", "password": "wrong"}
        )
        assert response.status_code == 200
    # The fifth failure (AXES_FAILURE_LIMIT) locks the username + address pair out.
    response = client.post("/admin/login/?next=/admin/", {"username": "nurse", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many login attempts" in response.content.decode()
    # Even the right password is refused while locked out.
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "nurse", "password": "right-password-123"}
    )
    assert response.status_code == 429


def test_wrong_method_gets_a_friendly_405(client):
    f.care_center()
    response = client.post("/journey/")
    assert response.status_code == 405
    assert "That does not work on this page" in response.content.decode()
    assert response["Allow"] == "GET, HEAD"
    assert client.delete("/checklists/").status_code == 405


def test_friendly_404_and_500_pages(client, settings):
    settings.DEBUG = False
    f.care_center()
    assert "We could not find that page" in client.get("/nope/").content.decode()
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html and "911" in html


def test_an_oversized_body_is_refused_by_its_length_before_it_is_read(client):
    f.care_center()
    response = client.generic(
        "POST",
        "/checklists/",
        b"x" * 2_000_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "larger than this site accepts (1000 KB)" in response.content.decode()
    small = client.post("/checklists/", {"item": "1", "stage": "x", "checked": "1"})
    assert small.status_code == 400  # an ordinary bad tick is still a 400, not a 413
