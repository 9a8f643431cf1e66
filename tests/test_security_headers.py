"""Security headers on public pages, exports and the admin; cookie flags."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = {
    "start": "/",
    "list": "/praxis/",
    "detail": "/praxis/2025-resilienz-trainings-weiterhin-anbieten/",
    "forum": "/foren/fachforum-2025/",
    "project": "/projekte/proges/",
    "csv": "/praxis/export.csv",
    "xlsx": "/praxis/export.xlsx",
    "json": "/praxis/export.json",
    "admin login": "/admin/login/",
    "not found": "/gibt-es-nicht/",
}


@pytest.mark.parametrize("name", PAGES)
def test_every_response_carries_the_security_headers(client, content, name):
    response = client.get(PAGES[name], secure=True)
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp, (name, directive)
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_templates_carry_no_inline_script_or_style(client, content):
    for name in ("start", "list", "detail", "forum", "project"):
        html = client.get(PAGES[name]).content.decode()
        assert "<script>" not in html and "<style" not in html and " style=" not in html
        assert " onclick=" not in html and " onchange=" not in html and "javascript:" not in html


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, superuser):
    response = client.post(
        reverse("admin:login"), {"username": "admin", "password": "pw-123456789"}, secure=True
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    csrf = (
        client.get(reverse("admin:login"), secure=True).cookies.get("csrftoken")
        or client.cookies["csrftoken"]
    )
    assert csrf["secure"] and csrf["samesite"] == "Lax"
