"""The read API's endpoints: shapes, public content only, errors as German/English JSON."""

import pytest

from practices.models import Practice
from tests.conftest import NON_PUBLISHED_STATES, make_practice, make_thementisch

pytestmark = pytest.mark.django_db


def test_practice_list_is_paged_with_an_opaque_next_link(client, content):
    first = client.get("/api/v1/practices?limit=5")
    assert first.status_code == 200
    body = first.json()
    assert len(body["results"]) == 5
    assert "count" not in body or body["count"] is None
    assert body["next"].startswith("http://testserver/api/v1/practices?")
    second = client.get(body["next"]).json()
    assert {r["id"] for r in second["results"]}.isdisjoint(r["id"] for r in body["results"])


def test_walking_the_next_links_gives_every_published_practice_once(client, content):
    url, seen = "/api/v1/practices?limit=100", []
    while url:
        body = client.get(url).json()
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(Practice.objects.published().values_list("id", flat=True))


def test_count_and_facets_only_on_request(client, content):
    body = client.get("/api/v1/practices?kategorie=finanzierung&extra=facets,count").json()
    expected = Practice.objects.published().filter(category="finanzierung").count()
    assert body["count"] == expected
    names = [facet["name"] for facet in body["facets"]]
    assert "kategorie" in names and "status" in names
    assert client.get("/api/v1/practices?extra=count").json()["count"] == (
        Practice.objects.published().count()
    )


def test_repeated_values_of_one_filter_are_or_combined(client, content):
    one = client.get("/api/v1/practices?art=praxisbeispiel&extra=count").json()["count"]
    both = client.get("/api/v1/practices?art=praxisbeispiel&art=erkenntnis&extra=count").json()[
        "count"
    ]
    assert both >= one


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("kategorie=gibtsnicht", "gibtsnicht"),
        ("forum=kein-forum", "kein-forum"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("cursor=gefaelscht", "cursor"),
        ("extra=alles", "extra"),
        ("page=2", "cursor"),
        ("unbekannt=1", "unbekannt"),
        ("sort=zufall", "zufall"),
        ("status=geplant&status=umgesetzt", "status"),
    ],
)
def test_bad_parameters_give_a_400_in_german_and_english(client, content, query, fragment):
    response = client.get(f"/api/v1/practices?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert fragment in detail["de"]
    assert detail["en"]


def test_the_validation_messages_are_the_list_pages(client, content):
    page = client.get("/praxis/?kategorie=gibtsnicht")
    detail = client.get("/api/v1/practices?kategorie=gibtsnicht").json()["detail"]
    assert detail["de"] in page.content.decode()


@pytest.mark.parametrize("state", NON_PUBLISHED_STATES)
def test_non_published_practices_never_appear(client, forum, state):
    hidden = make_practice(forum, title="Geheimer Entwurf", publication_state=state)
    table = make_thementisch(forum)
    make_practice(forum, thementisch=table, hurdles=["Öffentliche Hürde"])
    make_practice(forum, publication_state=state, hurdles=["Geheime Hürde"])
    for url in (
        "/api/v1/practices?limit=100",
        f"/api/v1/practices?forum={forum.slug}",
        "/api/v1/hurdles?limit=100",
        "/api/v1/forums",
        f"/api/v1/forums/{forum.slug}",
        "/api/v1/projects",
    ):
        text = client.get(url).content.decode()
        assert "Geheim" not in text, url
    assert client.get(f"/api/v1/practices/{hidden.slug}").status_code == 404
    counts = client.get(f"/api/v1/forums/{forum.slug}").json()
    assert counts["practice_count"] == 1


def test_editorial_notes_of_thementische_are_never_public(client, forum):
    make_thementisch(forum, editorial_note="Interne Zuordnungsnotiz", key_results="A\n\nB\n")
    body = client.get(f"/api/v1/forums/{forum.slug}")
    assert "Interne Zuordnungsnotiz" not in body.content.decode()
    assert body.json()["thementische"][0]["key_results"] == ["A", "B"]


def test_practice_detail_is_the_export_record(client, content):
    practice = Practice.objects.published().first()
    record = client.get(f"/api/v1/practices/{practice.slug}").json()
    assert record["id"] == practice.id
    assert record["url"].endswith(f"/praxis/{practice.slug}/")


def test_unknown_things_are_a_json_404(client, content):
    for url in ("/api/v1/practices/gibt-es-nicht", "/api/v1/forums/nein", "/api/v1/nichts"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["detail"]["en"] == "Not found."


def test_catalogues_list_forums_projects_and_glossary(client, content):
    forums = client.get("/api/v1/forums").json()
    assert forums and forums[0]["thementische"]
    projects = client.get("/api/v1/projects").json()
    assert projects
    detail = client.get(f"/api/v1/projects/{projects[0]['slug']}").json()
    assert detail["practice_count"] == len(detail["practices"])
    assert client.get("/api/v1/glossary").status_code == 200


def test_hurdles_take_the_hurdle_lists_filters(client, content):
    body = client.get("/api/v1/hurdles?typ=finanzierung&extra=count&limit=3").json()
    assert len(body["results"]) <= 3
    assert all(row["kind"] == "Finanzierung & Budget" for row in body["results"])
    assert client.get("/api/v1/hurdles?typ=nix").status_code == 400


def test_writes_are_refused_with_405(client, content):
    response = client.post("/api/v1/practices", {})
    assert response.status_code == 405
    assert response.json()["detail"]["de"]
