"""German error pages in the site's layout; 500s logged with a request id, no traceback shown."""

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_404_is_a_german_page_in_the_site_layout(client, content):
    response = client.get("/gibt-es-nicht/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Seite nicht gefunden" in html and "Praxisbeispiele durchsuchen" in html
    assert 'lang="de"' in html


def test_500_is_german_shows_a_request_id_and_no_traceback(settings, caplog):
    settings.ROOT_URLCONF = "tests.error_urls"
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/kaputt/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Technischer Fehler" in html
    request_id = response["X-Request-ID"]
    assert request_id in html
    assert (
        "Traceback" not in html and "geplanter Testfehler" not in html and "SECRET_KEY" not in html
    )
    records = [
        r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR
    ]
    assert records and records[-1].request_id == request_id


def test_csrf_failure_is_explained_in_german(superuser):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "admin", "password": "x"})
    assert response.status_code == 403
    assert "Formular abgelaufen" in response.content.decode()


def test_a_request_id_from_the_client_is_ignored_without_a_trusted_proxy(client, content):
    response = client.get("/", HTTP_X_REQUEST_ID="forged-log-line-0001")
    assert response.headers["X-Request-ID"] != "forged-log-line-0001"
    assert len(response.headers["X-Request-ID"]) == 32


@pytest.mark.parametrize(
    "incoming, kept",
    [
        ("abcdef12-3456", True),
        ("<script>", False),
        ("short", False),
        ("a" * 64, True),
        ("a" * 65, False),
        ("abcdefgh\n", False),
        ("abcdefgh ok", False),
        ("abcdéfgh", False),
    ],
)
def test_a_request_id_from_the_trusted_proxy_is_kept_only_when_well_formed(
    client, content, settings, incoming, kept
):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/", HTTP_X_REQUEST_ID=incoming)
    assert (response.headers["X-Request-ID"] == incoming) is kept
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in response.headers["X-Request-ID"])
