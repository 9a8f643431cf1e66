"""Static files: every linked file exists; production collects hashed names and serves them."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PAGES = (
    "/",
    "/praxis/",
    "/praxis/2025-resilienz-trainings-weiterhin-anbieten/",
    "/foren/fachforum-2025/",
    "/projekte/proges/",
    "/admin/login/",
)
STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"?#]+)"')


def static_links(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return STATIC_LINK.findall(response.content.decode())


def test_every_static_file_a_page_links_exists_and_is_served(client, content):
    links = {link for path in PAGES for link in static_links(client, path)}
    assert any(link.endswith(".css") for link in links)
    assert any(link.endswith(".js") for link in links)
    for link in sorted(links):
        assert finders.find(link.removeprefix("/static/")), link
        response = client.get(link)
        assert response.status_code == 200, link
        b"".join(response.streaming_content)


def test_production_storage_collects_hashed_names_that_whitenoise_serves_forever(
    client, content, settings, tmp_path
):
    # What production runs (rehapro_kb/settings.py), not the test profile's plain storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    # Fails on a stylesheet's url() to a missing file, as a deployment would.
    call_command("collectstatic", "--noinput", verbosity=0)

    links = static_links(client, "/")
    stylesheets = [link for link in links if link.endswith(".css")]
    assert stylesheets
    for link in links:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|ico|svg|png)$", link), link
        assert (tmp_path / link.removeprefix("/static/")).is_file(), link
        response = client.get(link)
        assert response.status_code == 200, link
        assert "immutable" in response["Cache-Control"], link
        b"".join(response.streaming_content)
