"""The public page cache: served to anonymous visitors only, obsolete as soon as content changes."""

import contextlib

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices import cache_keys
from practices.models import Practice
from rehapro_kb import page_cache
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/praxis/",
    "/praxis/?kategorie=finanzierung&status=geplant",
    "/foren/",
    "/foren/fachforum-2025/",
    "/projekte/",
]


@pytest.fixture(autouse=True)
def page_cache_on(settings, content):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_cached_page_costs_one_query_and_equals_the_rendered_one(client, url):
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert len(queries) == 1  # the content version


def test_security_headers_are_set_on_cached_pages_too(client):
    client.get("/praxis/")
    response = client.get("/praxis/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_withdrawn_practice_leaves_the_cached_pages_at_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice(title="Zwischengespeicherte Praxis Zebra")
    detail_url = practice.get_absolute_url()
    assert "Zwischengespeicherte Praxis Zebra" in client.get("/praxis/?q=Zebra").text
    assert client.get(detail_url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        practice.publication_state = Practice.PublicationState.ENTWURF
        practice.save()

    assert "Zwischengespeicherte Praxis Zebra" not in client.get("/praxis/?q=Zebra").text
    assert client.get(detail_url).status_code == 404


def test_a_new_tag_on_a_practice_makes_cached_pages_obsolete(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice(title="Praxis mit neuem Schlagwort")
    url = f"/praxis/?q={practice.title}"
    assert "Yakzucht" not in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        practice.tags.add("Yakzucht")
    assert "Yakzucht" in client.get(url).text


def test_researchers_previews_are_never_cached(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_practice(publication_state=Practice.PublicationState.ENTWURF)
    researcher = User.objects.create_superuser("forscherin", "f@example.org", "x-long-pass-1")
    client.force_login(researcher)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_errors_are_not_cached(client):
    assert client.get("/praxis/gibt-es-nicht/").status_code == 404
    assert cache.get(page_cache._key(client.get("/").wsgi_request)) is not None
    with CaptureQueriesContext(connection) as queries:
        client.get("/praxis/gibt-es-nicht/")
    assert len(queries) > 1


def test_a_transaction_bumps_the_version_once_after_it_commits(
    django_capture_on_commit_callbacks,
):
    before = page_cache.current_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_practice(tags=["a", "b"], hurdles=["eine Hürde", "noch eine"])
    # Every change registers the same pending bump: one new version per commit.
    # (Other apps register their own callbacks, e.g. linkcheck's pending links.)
    callbacks = [c for c in callbacks if isinstance(c, page_cache._Bump)]
    assert len({id(callback) for callback in callbacks}) == 1
    assert page_cache.current_version() == before
    callbacks[0]()
    after = page_cache.current_version()
    assert after != before
    for callback in callbacks:
        callback()
    assert page_cache.current_version() == after


def test_the_cache_key_separates_query_strings(rf):
    def key(params):
        request = rf.get(reverse("practices:list"), params)
        return page_cache._key(request, "v", cache_keys.practice_list)

    assert key({"status": "geplant"}) != key({"status": "umgesetzt"})


def test_a_change_after_a_rolled_back_one_still_bumps_the_version(
    django_capture_on_commit_callbacks,
):
    before = page_cache.current_version()
    with (
        django_capture_on_commit_callbacks(execute=True),
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        make_practice()
        raise RuntimeError
    assert page_cache.current_version() == before
    with django_capture_on_commit_callbacks(execute=True):
        make_practice()
    assert page_cache.current_version() != before


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_cached_page_gets_its_own_request_id_and_ignores_a_client_one(client, url, settings):
    first = client.get(url, HTTP_X_REQUEST_ID="forged-by-client-01")
    second = client.get(url, HTTP_X_REQUEST_ID="forged-by-client-02")
    ids = {first["X-Request-ID"], second["X-Request-ID"]}
    assert len(ids) == 2 and not ids & {"forged-by-client-01", "forged-by-client-02"}
    # Behind the trusted proxy, its id is taken over on a cache hit as well.
    settings.TRUSTED_PROXY_COUNT = 1
    assert client.get(url, HTTP_X_REQUEST_ID="proxy-id-0003")["X-Request-ID"] == "proxy-id-0003"
    assert client.get(url, HTTP_X_REQUEST_ID="bad id\n")["X-Request-ID"] != "bad id\n"
    assert second["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in second["Content-Security-Policy"]


def test_a_document_file_is_never_put_into_the_page_cache(client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from forums.models import Document, Forum

    settings.MEDIA_ROOT = tmp_path
    forum = Forum.objects.get(slug="fachforum-2025")
    document = Document(forum=forum, title="Folien", kind="foliensatz", is_public=True)
    document.file.save("f.pdf", SimpleUploadedFile("f.pdf", b"%PDF-1.4\n%%EOF\n"))
    for _attempt in range(2):
        response = client.get(document.get_file_url())
        assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'self'" in response["Content-Security-Policy"]
    document.is_public = False
    document.save()
    assert client.get(document.get_file_url()).status_code == 404
