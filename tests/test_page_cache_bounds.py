"""The page cache cannot be inflated: canonical keys, HEAD from the cache, memory in bytes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rehapro_kb.bounded_cache import ByteBoundedLocMemCache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, content):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _cached(client, url):
    """Fetch the url and tell whether it came from the cache (only the version was read)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries) <= 1


@pytest.mark.parametrize(
    ("first", "same"),
    [
        ("/praxis/?status=geplant", "/praxis/?status=geplant&x=1&utm_source=feed"),
        (
            "/praxis/?kategorie=finanzierung&kategorie=angebote-traeger",
            "/praxis/?kategorie=angebote-traeger&kategorie=finanzierung&kategorie=angebote-traeger",
        ),
        ("/praxis/?page=1&status=umgesetzt", "/praxis/?status=umgesetzt&page=01"),
        ("/huerden/", "/huerden/?unbekannt=1"),
        ("/projekte/", "/projekte/?x=y"),
        ("/foren/fachforum-2025/", "/foren/fachforum-2025/?seite=2&x=1"),
        ("/", "/?irgendwas=1"),
    ],
)
def test_an_ignored_parameter_or_another_order_is_the_same_entry(client, first, same):
    original, from_cache = _cached(client, first)
    assert not from_cache
    again, from_cache = _cached(client, same)
    assert from_cache
    assert again.content == original.content


def test_a_query_with_a_notice_is_rendered_every_time_and_never_stored(client):
    url = "/praxis/?kategorie=gibt-es-nicht"
    _first, _from_cache = _cached(client, url)
    second, from_cache = _cached(client, url)
    assert not from_cache
    assert "ist unbekannt und wurde ignoriert" in second.text
    # ... and it did not take the place of the plain list.
    plain, from_cache = _cached(client, "/praxis/")
    assert not from_cache and "ist unbekannt" not in plain.text


def test_different_filters_are_different_entries(client):
    _cached(client, "/praxis/?status=geplant")
    _response, from_cache = _cached(client, "/praxis/?status=umgesetzt")
    assert not from_cache


def test_head_is_answered_from_the_cache(client):
    get = client.get("/foren/fachforum-2025/")
    with CaptureQueriesContext(connection) as queries:
        head = client.head("/foren/fachforum-2025/?x=1")
    assert head.status_code == 200 and len(queries) == 1
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


def test_a_head_request_fills_the_cache_for_the_get(client):
    assert client.head("/projekte/").status_code == 200
    _response, from_cache = _cached(client, "/projekte/")
    assert from_cache


def test_the_local_cache_keeps_its_bytes_below_the_bound():
    bounded = ByteBoundedLocMemCache(
        "bounds-test", {"OPTIONS": {"MAX_BYTES": 50_000, "MAX_ENTRY_BYTES": 20_000}}
    )
    bounded.clear()
    for number in range(200):
        bounded.set(f"page-{number}", b"x" * 1_000)
        assert bounded.total_bytes <= 50_000
    assert bounded.get("page-199") is not None  # the newest stay
    assert bounded.get("page-0") is None  # the oldest went
    bounded.set("huge", b"x" * 30_000)
    assert bounded.get("huge") is None  # too big for one entry: never stored
    bounded.set("page-199", b"y" * 5_000)
    bounded.delete("page-198")
    assert bounded.total_bytes == sum(
        len(key) + len(value) for key, value in bounded._cache.items()
    )
    bounded.clear()
    assert bounded.total_bytes == 0


def test_a_recently_read_entry_outlives_newer_unread_ones():
    bounded = ByteBoundedLocMemCache("lru-test", {"OPTIONS": {"MAX_BYTES": 10_000}})
    bounded.clear()
    bounded.set("kept", b"k" * 1_000)
    for number in range(20):
        bounded.get("kept")
        bounded.set(f"other-{number}", b"o" * 1_000)
    assert bounded.get("kept") is not None
    bounded.clear()


def test_many_unique_urls_stay_within_the_byte_bound(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "rehapro_kb.bounded_cache.ByteBoundedLocMemCache",
            "LOCATION": "many-urls",
            "OPTIONS": {"MAX_BYTES": 300_000, "MAX_ENTRY_BYTES": 150_000},
        }
    }
    for page in range(1, 40):
        client.get(f"/praxis/?page={page}&pro_seite=10")
    assert cache.total_bytes <= 300_000


@pytest.mark.parametrize(
    ("unfiltered", "filtered"),
    [
        ("/statistik/", "/statistik/?status=geplant"),
        ("/praxis/feed.atom", "/praxis/feed.atom?kategorie=finanzierung"),
    ],
)
def test_pages_taking_the_list_filters_are_cached_per_filter(client, unfiltered, filtered):
    whole, _hit = _cached(client, unfiltered)
    part, hit = _cached(client, filtered)
    assert not hit and part.content != whole.content
    again, hit = _cached(client, filtered + "&x=1")
    assert hit and again.content == part.content


def test_a_list_carrying_comparison_ids_is_never_stored(client):
    _cached(client, "/praxis/")
    _response, hit = _cached(client, "/praxis/?vergleich=1")
    assert not hit
    assert not _cached(client, "/praxis/?vergleich=1")[1]
