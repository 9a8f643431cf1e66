"""While PostgreSQL refuses connections, a running server serves stored pages or a German 503."""

import contextlib
import time
import urllib.error
import urllib.request

import psycopg
import pytest
from django.core.cache import cache
from django.db import connection

from tests.content_snapshot import ensure_content

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="blocks connections with ALTER DATABASE"
    ),
]
NOTICE = "Diese Seite zeigt einen gespeicherten Stand"


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - local server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@contextlib.contextmanager
def database_refusing_connections():
    """Refuse new connections to the test database and end every other one but this test's."""
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = cursor.fetchone()[0]
    params = {**connection.get_connection_params(), "dbname": "postgres", "autocommit": True}
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> %s",
                [name, own],
            )
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


@pytest.fixture
def site(live_server, settings):
    ensure_content()
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_STALE_SECONDS = 3600
    settings.PAGE_CACHE_VERSION_IN_CACHE = False
    cache.clear()
    yield live_server.url
    cache.clear()


def test_a_cached_page_is_served_with_a_notice_and_an_uncached_one_gives_503(site, settings):
    forum_page = f"{site}/foren/fachforum-2025/"
    status, fresh = _get(forum_page)
    assert status == 200 and NOTICE not in fresh

    with database_refusing_connections():
        status, stored = _get(forum_page + "?utm_source=x")
        assert status == 200
        assert NOTICE in stored
        assert "Thementische und Arbeitsgruppen" in stored

        status, page = _get(f"{site}/projekte/")
        assert status == 503
        assert "Vorübergehend nicht erreichbar" in page
        assert "Die Datenbank der Wissensdatenbank ist gerade nicht erreichbar" in page

        # A view outside the page cache gets the same German page instead of a 500.
        status, page = _get(f"{site}/praxis/export.csv")
        assert status == 503 and "Vorübergehend nicht erreichbar" in page

        # The stored state is served for a bounded time only.
        settings.PAGE_CACHE_STALE_SECONDS = 1
        time.sleep(1.5)
        status, page = _get(forum_page)
        assert status == 503

    settings.PAGE_CACHE_STALE_SECONDS = 3600
    status, again = _get(forum_page)
    assert status == 200 and NOTICE not in again
