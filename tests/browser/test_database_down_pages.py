"""The pages a visitor sees while the database is down pass the axe audit (PostgreSQL only)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.db import connection

from tests.test_database_down import NOTICE, database_refusing_connections

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="blocks connections with ALTER DATABASE"
    ),
]


def test_the_stored_page_and_the_503_page_have_no_axe_violations(page, site, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_VERSION_IN_CACHE = False
    cache.clear()
    page.goto(f"{site.url}/foren/fachforum-2025/")
    with database_refusing_connections():
        found = {}
        for name, path in {"stored": "/foren/fachforum-2025/", "503": "/projekte/"}.items():
            response = page.goto(f"{site.url}{path}")
            assert response.status == (200 if name == "stored" else 503)
            violations = Axe().run(page).response["violations"]
            found[name] = [(v["id"], v["nodes"][0]["target"]) for v in violations]
        assert NOTICE in page.goto(f"{site.url}/foren/fachforum-2025/").text()
    cache.clear()
    assert found == {"stored": [], "503": []}
