"""German full-text search: stemming and syntax on PostgreSQL, the closest match on SQLite."""

import pytest
from django.db import connection
from django.urls import reverse

from practices import search
from practices.models import Practice
from practices.search.sqlite import fts5_expression
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db
LIST = reverse("practices:list")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="German stemming needs PostgreSQL's 'german' config"
)


@pytest.fixture
def corpus(forum):
    Practice.objects.update(publication_state=Practice.PublicationState.ARCHIVIERT)
    return {
        "finanz": make_practice(
            forum, title="Gemeinsame Finanzierung", description="Sozialamt und Jugendamt"
        ),
        "netz": make_practice(
            forum, title="Netzwerkkarte pflegen", description="Regionale Angebote kennen"
        ),
        "team": make_practice(
            forum,
            title="Gesundheitsteam erhalten",
            description="Team aus Jobcenter und Gesundheitsamt",
            hurdles=["Räume werden gesucht"],
        ),
        "coach": make_practice(
            forum,
            title="Einzel-Coaching",
            description="Gruppen-Coachings vorbereiten",
            tags=["Psychische Gesundheit"],
        ),
    }


def found(client, q):
    return {p.title for p in client.get(LIST, {"q": q, "pro_seite": 100}).context["practices"]}


@postgres_only
def test_inflected_forms_find_each_other(client, corpus):
    assert found(client, "Finanzierungen") == {"Gemeinsame Finanzierung"}
    assert "Netzwerkkarte pflegen" in found(client, "Netzwerkkarten")


@postgres_only
def test_quoted_phrase_and_exclusion(client, corpus):
    assert found(client, '"Jobcenter und Gesundheitsamt"') == {"Gesundheitsteam erhalten"}
    assert found(client, '"Gesundheitsamt und Jobcenter"') == set()
    assert "Einzel-Coaching" not in found(client, "Gesundheit -Coaching")


@postgres_only
def test_or_combines_alternatives(client, corpus):
    assert found(client, "Sozialamt or Netzwerkkarte") == {
        "Gemeinsame Finanzierung",
        "Netzwerkkarte pflegen",
    }


def test_hurdles_and_tags_are_searched(client, corpus):
    assert "Gesundheitsteam erhalten" in found(client, "Räume")
    assert "Einzel-Coaching" in found(client, "psychische")


def test_title_matches_rank_above_description_matches(client, corpus, forum):
    make_practice(forum, title="Anderes Thema", description="Netzwerkkarte am Rande erwähnt")
    response = client.get(LIST, {"q": "Netzwerkkarte"})
    assert response.context["practices"][0].title == "Netzwerkkarte pflegen"


def test_exclusion_removes_matches_on_both_databases(client, corpus):
    assert "Gesundheitsteam erhalten" not in found(client, "Gesundheitsamt -Räume")


def test_the_index_follows_edits(client, corpus):
    practice = corpus["netz"]
    practice.title = "Landkarte der Hilfen"
    practice.save()
    assert found(client, "Landkarte") == {"Landkarte der Hilfen"}
    practice.hurdles.create(text="Pflegeaufwand unterschätzt", position=1)
    assert found(client, "Pflegeaufwand") == {"Landkarte der Hilfen"}
    practice.tags.add("Digitalisierung")
    assert found(client, "Digitalisierung") == {"Landkarte der Hilfen"}


def test_a_compound_part_is_suggested_when_nothing_matches(client, corpus):
    response = client.get(LIST, {"q": "Gesundheitsteamm"})
    assert response.context["total"] == 0
    assert "Gesundheitsteam" in response.context["suggestions"]


@pytest.mark.parametrize(
    "q, expression",
    [
        ('NEAR(a b) OR "x y" -z', '(("near a" AND "b"*) OR ("x y")) NOT "z"*'),
        ("title:foo* ^bar", '("title foo" AND "bar"*)'),
        ("Finanzierungen", '("finanzierung"*)'),
        ("!!! ---", None),
    ],
)
def test_fts5_expression_quotes_every_token_so_user_syntax_cannot_inject(q, expression):
    assert fts5_expression(q) == expression


def test_bulk_writes_are_indexed_once_at_the_end_of_reindex_after(client, corpus, forum):
    with search.reindex_after() as touched:
        practice = make_practice(forum, title="Wolpertingerzählung")
        Practice.objects.filter(pk=practice.pk).update(title="Elwetritschzählung")
        touched.add(practice.pk)
        assert found(client, "Wolpertingerzählung") == set()
    assert found(client, "Elwetritschzählung") == {"Elwetritschzählung"}
