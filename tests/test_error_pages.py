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


def test_a_request_id_from_the_proxy_is_kept_and_a_bad_one_replaced(client, content):
    assert (
        client.get("/", HTTP_X_REQUEST_ID="abcdef12-3456").headers["X-Request-ID"]
        == "abcdef12-3456"
    )
    assert client.get("/", HTTP_X_REQUEST_ID="<script>").headers["X-Request-ID"] != "<script>"
