"""Two app servers sharing PostgreSQL/SQLite and one Redis cache: no stale page, imports move."""

import os

import pytest
import redis
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from imports.models import ImportBatch, PendingUpload
from practices import workflow
from practices.models import Practice
from practices.roles import ADMINISTRATION, REDAKTION, setup_roles
from tests.conftest import client_for, make_forum, make_practice
from tests.imports.spreadsheets import csv_bytes, new_row

pytestmark = pytest.mark.django_db
# This suite's own Redis database, one per parallel test process: only it is ever flushed.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
REDIS_URL = f"redis://127.0.0.1:6379/{8 + 2 * int(_WORKER or 0)}"
SEARCH = "/praxis/?q=Quokka"


@pytest.fixture
def shared_cache(settings, content):
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kb_scale",
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_VERSION_IN_CACHE = True
    yield store
    cache.close()
    store.flushdb()


@pytest.fixture
def roles(django_user_model):
    setup_roles()
    users = {}
    for role in (REDAKTION, ADMINISTRATION):
        user = django_user_model.objects.create_user(f"{role.lower()}-scale", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    return users


def test_a_publish_on_one_server_is_visible_on_the_other_at_once(
    shared_cache, roles, django_capture_on_commit_callbacks
):
    server_a, server_b = Client(), Client()
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice(title="Geteilte Praxis Quokka", publication_state="entwurf")
    assert "Geteilte Praxis Quokka" not in server_a.get(SEARCH).text
    # The other server finds the page in the shared cache, without asking the database.
    with CaptureQueriesContext(connection) as queries:
        assert "Geteilte Praxis Quokka" not in server_b.get(SEARCH).text
    assert len(queries) == 0
    assert shared_cache.dbsize() > 0

    with django_capture_on_commit_callbacks(execute=True):
        workflow.set_state(
            practice, Practice.PublicationState.VEROEFFENTLICHT, roles[ADMINISTRATION]
        )

    assert "Geteilte Praxis Quokka" in server_b.get(SEARCH).text
    assert "Geteilte Praxis Quokka" in server_a.get(SEARCH).text


def test_an_import_previewed_on_one_server_is_confirmed_on_the_other(shared_cache, roles):
    forum = make_forum()
    server_a = client_for(roles[REDAKTION])
    upload = SimpleUploadedFile("tabelle.csv", csv_bytes([new_row(forum, Titel="Quer importiert")]))
    response = server_a.post(reverse("imports:spreadsheet"), {"file": upload})
    assert response.status_code == 302
    preview_url = response["Location"]
    page = server_a.get(preview_url)
    fingerprint = page.text.split('name="fingerprint" value="', 1)[1].split('"', 1)[0]
    assert PendingUpload.objects.count() == 1

    server_b = Client()
    server_b.cookies = server_a.cookies  # the load balancer sends the next request elsewhere
    confirmed = server_b.post(preview_url, {"fingerprint": fingerprint})
    # The import runs as a background task; its progress page leads to the result.
    done = server_b.get(confirmed["Location"])
    batch = ImportBatch.objects.get()
    assert done["Location"] == reverse("admin:imports_importbatch_change", args=[batch.pk])
    assert Practice.objects.filter(title="Quer importiert").exists()
    assert not PendingUpload.objects.exists()


def test_pages_and_publishing_work_while_the_shared_cache_is_unreachable(
    settings, content, roles, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/8",  # nothing listens there
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_VERSION_IN_CACHE = True
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice(title="Ohne Cache Quokka", publication_state="entwurf")
    assert "Ohne Cache Quokka" not in Client().get(SEARCH).text
    with django_capture_on_commit_callbacks(execute=True):
        workflow.set_state(
            practice, Practice.PublicationState.VEROEFFENTLICHT, roles[ADMINISTRATION]
        )
    assert "Ohne Cache Quokka" in Client().get(SEARCH).text
