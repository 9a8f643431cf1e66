"""HTTP behaviour of /api/: ETag and 304, HEAD, CORS, rate limit, OpenAPI and its page."""

import pytest
from django.core.cache import caches

from rehapro_kb.page_cache import content_changed
from tests.conftest import make_forum, make_practice

pytestmark = pytest.mark.django_db
URLS = (
    "/api/v1/practices",
    "/api/v1/practices?kategorie=finanzierung&art=praxisbeispiel&extra=facets,count",
    "/api/v1/hurdles",
    "/api/v1/forums",
    "/api/v1/projects",
    "/api/v1/glossary",
)


@pytest.mark.parametrize("url", URLS)
def test_every_answer_carries_etag_and_answers_if_none_match_with_304(client, content, url):
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert response.has_header("Last-Modified") or etag
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_the_etag_differs_per_url(client, forum):
    content_changed()  # a version row exists, as after any edit
    first = client.get("/api/v1/practices")["ETag"]
    assert client.get("/api/v1/practices")["ETag"] == first
    assert client.get("/api/v1/practices?limit=3")["ETag"] != first


@pytest.mark.django_db(transaction=True)
def test_an_edit_gives_a_new_etag_and_a_full_answer(client):
    forum = make_forum()
    make_practice(forum)
    url = f"/api/v1/practices?forum={forum.slug}"
    first = client.get(url)
    assert first.has_header("Last-Modified")
    make_practice(forum)
    second = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert len(second.json()["results"]) == 2


def test_head_has_the_headers_without_a_body(client, content):
    response = client.head("/api/v1/forums")
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]


def test_cors_allows_reading_from_any_origin_on_api_only(client, content):
    response = client.get("/api/v1/glossary", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/practices",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert not client.get("/praxis/").has_header("Access-Control-Allow-Origin")


def test_rate_limit_answers_429_with_retry_after_per_client_ip(client, content, settings):
    settings.API_RATE = (3, 60)
    caches["api"].clear()
    for _ in range(3):
        assert client.get("/api/v1/glossary").status_code == 200
    limited = client.get("/api/v1/glossary")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 61
    assert limited.json()["detail"]["en"].startswith("Too many requests")
    assert limited["Access-Control-Allow-Origin"] == "*"
    other = client.get("/api/v1/glossary", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    assert client.get("/glossar/").status_code == 200  # pages are not limited by the API's rate


def test_rate_limit_counts_the_address_behind_trusted_proxies(client, content, settings):
    settings.API_RATE = (1, 60)
    settings.TRUSTED_PROXY_COUNT = 1
    caches["api"].clear()
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert client.get("/api/v1/glossary", **first).status_code == 200
    assert client.get("/api/v1/glossary", **first).status_code == 429
    second = {"HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    assert client.get("/api/v1/glossary", **second).status_code == 200


def test_openapi_document_describes_every_endpoint_and_the_list_parameters(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in ("practices", "practices/{slug}", "hurdles", "forums", "projects", "glossary"):
        assert f"/api/v1/{path}" in paths
    names = {p["name"] for p in schema["paths"]["/api/v1/practices"]["get"]["parameters"]}
    assert {"q", "kategorie", "forum", "tag", "sort", "cursor", "limit", "extra"} <= names


def test_documentation_page_lists_the_endpoints_without_a_cdn(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/practices" in text
    assert "kategorie" in text
    assert "cdn" not in text.lower()
    assert "<script" not in text.replace('<script src="/static/', "")
