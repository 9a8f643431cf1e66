"""Shared fixtures: the curated forum content loaded once, and small factories."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation

from forums.models import Forum, Thementisch
from practices.content import load_content
from practices.models import Hurdle, Practice
from practices.roles import ADMINISTRATION, FREIGABE, REDAKTION, setup_roles
from practices.search import synonym_groups
from rehapro_kb.versioned_value import VersionedValue
from tests.content_snapshot import ensure_content
from tests.content_snapshot import snapshot as content_snapshot

_counter = itertools.count(1)


def _empties_the_database(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


def pytest_collection_modifyitems(items):
    # Transactional tests (and the browser tests, through live_server) empty the database
    # when they finish; run them last so the content loaded once per session serves the rest.
    items.sort(
        key=lambda item: (
            item.get_closest_marker("browser") is not None,
            _empties_the_database(item),
        )
    )


@pytest.fixture(autouse=True)
def german_after_each_test():
    """Start every test in German: a request to /en/ leaves English active in the thread."""
    yield
    translation.deactivate()
    # A streamed response a test never read to the end leaves its request open in the
    # thread, and request-scoped values would follow the next test.
    VersionedValue.end_requests()


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Most tests look at freshly rendered pages; tests/test_page_cache.py switches it on."""
    settings.PAGE_CACHE_SECONDS = 0
    # Tests change content without committing (no new content version): count afresh.
    settings.FACET_CACHE_SECONDS = 0
    # Search keeps the glossary's synonyms read at start-up (below): no re-read mid-test.
    settings.SEARCH_SYNONYMS_SECONDS = None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_content()
        synonym_groups()  # read once, committed, so no test pays the query
        content_snapshot.take()


@pytest.fixture
def content(db):
    """The curated forum content (loaded once per session; reloaded after a flush)."""
    ensure_content()
    return Forum.objects.all()


def make_forum(**fields):
    n = next(_counter)
    defaults = {
        "number": 100 + n,
        "title": f"Testforum {n}",
        "slug": f"testforum-{n}",
        "date": datetime.date(2030, 1, 1) + datetime.timedelta(days=n),
        "city": "Teststadt",
    }
    return Forum.objects.create(**{**defaults, **fields})


def make_thementisch(forum, **fields):
    n = next(_counter)
    defaults = {"title": f"Thementisch {n}", "slug": f"thementisch-{n}"}
    return Thementisch.objects.create(forum=forum, **{**defaults, **fields})


def make_practice(forum=None, *, tags=(), hurdles=(), **fields):
    n = next(_counter)
    forum = forum or make_forum()
    defaults = {
        "title": f"Testpraxis {n}",
        "slug": f"testpraxis-{n}",
        "description": f"Beschreibung der Testpraxis {n}",
        "category": Practice.Category.SONSTIGES,
        "status": Practice.Status.GEPLANT,
        "source_section": "Test",
        "publication_state": Practice.PublicationState.VEROEFFENTLICHT,
    }
    practice = Practice.objects.create(forum=forum, **{**defaults, **fields})
    if tags:
        practice.tags.add(*tags)
    for position, text in enumerate(hurdles, start=1):
        Hurdle.objects.create(practice=practice, text=text, position=position)
    return practice


@pytest.fixture
def forum(db):
    return make_forum()


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-123456789")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


NON_PUBLISHED_STATES = [
    Practice.PublicationState.ENTWURF,
    Practice.PublicationState.IN_PRUEFUNG,
    Practice.PublicationState.ARCHIVIERT,
]


@pytest.fixture
def users(db, django_user_model):
    """One staff user per role, named after it, plus "anonym" (None)."""
    setup_roles()
    result = {"anonym": None}
    for role in (REDAKTION, FREIGABE, ADMINISTRATION):
        user = django_user_model.objects.create_user(
            role.lower(), password="pw-123456789", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        result[role] = user
    return result


def client_for(user):
    """Return a test client logged in as the user (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
