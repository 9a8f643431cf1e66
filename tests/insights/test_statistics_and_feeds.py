"""The evidence map and the Atom feeds: counts equal the list's, no drafts, valid Atom."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.http import QueryDict

from insights.evidence import EvidenceMap
from practices.listing import PracticeList
from practices.models import Practice
from tests.conftest import make_practice

ATOM = "{http://www.w3.org/2005/Atom}"


def _query(url):
    return QueryDict(url.split("?", 1)[1] if "?" in url else "")


@pytest.mark.django_db
def test_every_cell_counts_what_its_list_shows(content):
    evidence = EvidenceMap(QueryDict(""))
    cells = []
    for scope in evidence.scopes():
        for table in (scope["categories"], scope["entry_types"]):
            cells += [c for row in table.rows for c in row.cells] + table.totals
    assert len(cells) > 20
    for cell in cells[::3]:
        assert PracticeList.from_query(_query(cell.url)).total == cell.count, cell.label


@pytest.mark.django_db
def test_counts_follow_the_list_filters(content):
    evidence = EvidenceMap(QueryDict("status=umgesetzt&art=praxisbeispiel"))
    assert evidence.total == PracticeList.from_query(evidence.query).total
    for row in evidence.scopes()[0]["categories"].rows:
        cell = row.cells[0]
        assert PracticeList.from_query(_query(cell.url)).total == cell.count


@pytest.mark.django_db
def test_search_and_bad_values_are_counted_as_the_list_counts(client, content):
    query = QueryDict("q=Netzwerk&kategorie=gibt-es-nicht&page=x")
    evidence = EvidenceMap(query)
    assert evidence.total == PracticeList.from_query(query).total > 0
    assert evidence.notices
    response = client.get("/statistik/?q=Netzwerk&kategorie=%3Cscript%3E")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_statistics_page_renders_with_few_queries(client, content, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/statistik/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<caption>" in body and 'scope="row"' in body and "heat-4" in body
    assert "Zusammenfassung" in body and 'role="img"' in body


@pytest.mark.django_db
def test_draft_is_counted_nowhere(client, forum):
    make_practice(forum, title="Sichtbar")
    make_practice(
        forum, title="Geheimer Entwurf", publication_state=Practice.PublicationState.ENTWURF
    )
    assert EvidenceMap(QueryDict(f"forum={forum.slug}")).total == 1
    data = json.loads(client.get(f"/statistik/statistik.json?forum={forum.slug}").content)
    assert sum(r["count"] for r in data["entries"]) == 1
    assert "Geheimer Entwurf" not in client.get(f"/statistik/?forum={forum.slug}").content.decode()
    for url in (f"/praxis/feed.atom?forum={forum.slug}", f"/foren/{forum.slug}/feed.atom"):
        body = client.get(url).content.decode()
        assert "Sichtbar" in body and "Geheimer Entwurf" not in body


@pytest.mark.django_db
def test_csv_and_json_parse_back_with_the_same_numbers(client, content):
    evidence = EvidenceMap(QueryDict(""))
    raw = client.get("/statistik/statistik.csv").content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Auswertung" and rows[0][-1] == "Anzahl"
    assert sum(int(r[-1]) for r in rows[1:] if r[0] == "Einträge") == evidence.total
    data = json.loads(client.get("/statistik/statistik.json").content)
    assert data["meta"]["entries_total"] == evidence.total
    assert sum(r["count"] for r in data["hurdles"]) == evidence.hurdle_total


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/praxis/feed.atom",
        "/praxis/feed.atom?kategorie=finanzierung",
        "/praxis/feed.atom?q=Netzwerk&sort=titel",
        "/huerden/feed.atom",
    ],
)
def test_feeds_are_valid_atom(client, content, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert 0 < len(parsed.entries) <= 50
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    for required in ("id", "title", "updated", "author"):
        assert root.find(ATOM + required) is not None, required
    for entry in root.iter(ATOM + "entry"):
        assert entry.find(ATOM + "id").text.startswith("tag:")
        assert entry.find(ATOM + "updated") is not None


@pytest.mark.django_db
def test_forum_feed_and_unknown_forum(client, content):
    forum = content.first()
    parsed = feedparser.parse(client.get(f"/foren/{forum.slug}/feed.atom").content)
    assert not parsed.bozo and parsed.entries
    assert client.get("/foren/gibt-es-nicht/feed.atom").status_code == 404


@pytest.mark.django_db
def test_entry_id_survives_a_new_slug(client, forum):
    practice = make_practice(forum)
    url = f"/praxis/feed.atom?forum={forum.slug}"
    first = feedparser.parse(client.get(url).content).entries[0].id
    practice.slug = "neuer-kurzname"
    practice.title = "Neuer Titel"
    practice.save()
    entry = feedparser.parse(client.get(url).content).entries[0]
    assert entry.id == first
    assert entry.title == "Neuer Titel"


@pytest.mark.django_db
def test_unknown_list_values_behave_as_on_the_list(client, content):
    response = client.get("/praxis/feed.atom?kategorie=gibt-es-nicht&status=x")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert len(parsed.entries) == min(50, PracticeList.from_query(QueryDict("")).total)


@pytest.mark.django_db
def test_statistics_is_in_the_sitemap(client, content):
    assert b"/statistik/" in client.get("/sitemap.xml").content


@pytest.mark.django_db
def test_pages_announce_their_feeds_and_start_links_to_the_map(client, content):
    forum = content.first()
    listing = client.get("/praxis/?kategorie=finanzierung").content.decode()
    assert 'type="application/atom+xml"' in listing
    assert "/praxis/feed.atom?kategorie=finanzierung" in listing
    assert f"/foren/{forum.slug}/feed.atom" in client.get(forum.get_absolute_url()).content.decode()
    assert "/huerden/feed.atom" in client.get("/huerden/").content.decode()
    assert "/statistik/" in client.get("/").content.decode()
