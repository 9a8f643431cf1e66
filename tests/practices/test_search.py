"""German full-text search: stemming, compounds and syntax, the same on both databases."""

import pytest
from django.urls import reverse

from practices import search
from practices.models import Practice
from practices.search.postgres import tsquery
from practices.search.query import parse
from practices.search.sqlite import match_expression
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db
LIST = reverse("practices:list")


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


def test_inflected_forms_find_each_other(client, corpus):
    assert found(client, "Finanzierungen") == {"Gemeinsame Finanzierung"}
    assert "Netzwerkkarte pflegen" in found(client, "Netzwerkkarten")


def test_quoted_phrase_and_exclusion(client, corpus):
    assert found(client, '"Jobcenter und Gesundheitsamt"') == {"Gesundheitsteam erhalten"}
    assert found(client, '"Gesundheitsamt und Jobcenter"') == set()
    assert "Einzel-Coaching" not in found(client, "Gesundheit -Coaching")


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
    "q",
    ['NEAR(a b) OR "x y" -z', "title:foo* ^bar", "'; DROP TABLE x; --", 'a"b" c:d', "!!! ---"],
)
def test_query_syntax_is_quoted_so_user_input_cannot_inject(q):
    parsed = parse(q)
    for group in parsed.groups:
        for clause in group:
            for alternative in clause:
                for phrase in alternative:
                    for token in phrase:
                        assert token.replace("_", "").isalnum(), token
    if parsed.groups:
        assert "*" not in match_expression(parsed.groups)
        assert ":" not in tsquery(parsed.groups)


def test_punctuation_only_is_no_query():
    parsed = parse('!!! --- "" ***')
    assert parsed.groups == [] and parsed.negatives == []


def test_bulk_writes_are_indexed_once_at_the_end_of_reindex_after(client, corpus, forum):
    with search.reindex_after() as touched:
        practice = make_practice(forum, title="Wolpertingerzählung")
        Practice.objects.filter(pk=practice.pk).update(title="Elwetritschzählung")
        touched.add(practice.pk)
        assert found(client, "Wolpertingerzählung") == set()
    assert found(client, "Elwetritschzählung") == {"Elwetritschzählung"}
