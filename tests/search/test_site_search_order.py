"""/suche/ lists title hits first, then text hits, in id order; counts stop at LISTED."""

import pytest
from django.db import connection
from django.urls import reverse

from sitesearch import search, views
from sitesearch.models import SearchDocument
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db
SEARCH = reverse("sitesearch:search")


@pytest.fixture
def xylophones(forum):
    """Three practices with the word in the title, four with it only in the text."""
    in_text = [
        make_practice(forum, title=f"Musikprojekt {n}", description=f"Ein Xylophon, Nummer {n}.")
        for n in range(2)
    ]
    in_title = [make_practice(forum, title=f"Xylophonkurs {n}") for n in range(3)]
    in_text += [
        make_practice(forum, title="Orchester", hurdles=["Das Xylophon fehlte."]),
        make_practice(forum, title="Proberaum", description="Xylophone und Trommeln"),
    ]
    return in_title, in_text


def keys(response):
    return [hit.key for hit in response.context["hits"]]


def practice_keys(practices):
    return [f"practice:{p.slug}" for p in practices]


def test_title_hits_come_first_then_text_hits_each_in_index_order(client, xylophones):
    in_title, in_text = xylophones
    found = keys(client.get(SEARCH, {"q": "Xylophon"}))
    documents = SearchDocument.objects.filter(key__in=found)
    ids = dict(documents.values_list("key", "id"))
    head, tail = found[: len(in_title)], found[len(in_title) :]
    assert head == practice_keys(in_title)
    assert set(practice_keys(in_text)) <= set(tail)
    assert [ids[k] for k in tail] == sorted(ids[k] for k in tail)
    assert set(found) == set(search.hit_ids("Xylophon"))


def test_pages_cross_from_title_to_text_hits_without_gaps_or_repeats(
    client, xylophones, monkeypatch
):
    every = keys(client.get(SEARCH, {"q": "Xylophon"}))  # all on one page of 20
    monkeypatch.setattr(views, "PER_PAGE", 2)
    first = client.get(SEARCH, {"q": "Xylophon"})
    paged = keys(first)
    for page in range(2, first.context["page_obj"].paginator.num_pages + 1):
        paged += keys(client.get(SEARCH, {"q": "Xylophon", "page": page}))
    assert paged == every  # page boundaries 2, 4, 6: one falls inside the title hits


def test_an_excluded_word_is_excluded_from_title_hits_too(client, forum, xylophones):
    make_practice(forum, title="Xylophonreparatur", description="mit Hammer")
    found = keys(client.get(SEARCH, {"q": "Xylophon -Hammer"}))
    assert found and not any("xylophonreparatur" in k for k in found)


def test_counts_stop_above_the_listed_limit_and_say_so(client, xylophones, monkeypatch):
    monkeypatch.setattr(search, "LISTED", 3)
    monkeypatch.setattr(views, "LISTED", 3)
    response = client.get(SEARCH, {"q": "Xylophon"})
    html = response.content.decode()
    assert "über 4 Treffer" in html  # 3 practices counted, more exist, and 1 hurdle
    assert "Praxisbeispiel (über 3)" in html
    assert len(response.context["hits"]) == 3
    assert response.context["notices"]
    hurdles = client.get(SEARCH, {"q": "Xylophon", "art": "huerde"})
    assert "Hürde (1)" in hurdles.content.decode()


@pytest.mark.parametrize(
    ("q", "queries"),
    [
        ("Xylophon", 3),  # counts, the title hits, the text hits
        ("Trommeln", 2),  # counts, the text hits (no title hit)
        ("Xylophonkurs", 2),  # counts, the title hits fill the list
    ],
)
def test_the_page_costs_a_fixed_number_of_queries(
    client, xylophones, django_assert_num_queries, q, queries
):
    client.get(SEARCH, {"q": q})  # the glossary's synonyms are kept per process
    if connection.vendor == "postgresql":
        queries += 3  # BEGIN, the counts' planner settings (SET LOCAL), COMMIT
    with django_assert_num_queries(queries):
        assert client.get(SEARCH, {"q": q, "frisch": 1}).status_code == 200
