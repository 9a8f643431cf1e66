"""/suche/: every kind of public knowledge, never a draft, ranked, filterable, paginated."""

import pytest
from django.urls import reverse

from forums.models import Thementisch
from practices.models import Practice
from sitesearch.models import SearchDocument
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db
SEARCH = reverse("sitesearch:search")


def hits(client, q, **params):
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    return response


def test_a_thementisch_key_result_is_found_with_its_origin(client, content):
    response = hits(client, "Einstiegsgeld")
    kinds = {hit.kind for hit in response.context["hits"]}
    assert {"ergebnis", "thementisch"} <= kinds
    html = response.content.decode()
    assert "Ergebnis eines Thementischs" in html
    assert "<mark>" in html
    assert "Sanktionen, Einstiegsgeld und kommunale Unterstützungsstrukturen" in html


def test_each_key_result_is_its_own_hit(client, content):
    thementisch = Thementisch.objects.get(slug="sanktionen-einstiegsgeld-kommunale-strukturen")
    keys = set(
        SearchDocument.objects.filter(thementisch=thementisch, kind="ergebnis").values_list(
            "key", flat=True
        )
    )
    assert len(keys) == len(thementisch.key_result_lines())


def test_filter_by_kind_and_counts(client, content):
    response = hits(client, "Krankenkassen")
    counts = {k["value"]: k["count"] for k in response.context["kinds"]}
    assert counts.get("praxis") and counts.get("ergebnis")
    only = hits(client, "Krankenkassen", art="ergebnis")
    assert {hit.kind for hit in only.context["hits"]} == {"ergebnis"}
    assert len(only.context["hits"]) == counts["ergebnis"]


def test_unknown_kind_shows_everything_with_a_notice(client, content):
    response = hits(client, "Krankenkassen", art="<script>")
    assert response.context["notices"]
    assert response.context["total"] > 0


def test_drafts_and_their_hurdles_are_never_found(client, content):
    draft = make_practice(
        content.first(),
        title="Wolpertingerprojekt",
        publication_state=Practice.PublicationState.ENTWURF,
        hurdles=["Wolpertinger fehlen"],
    )
    assert hits(client, "Wolpertinger").context["total"] == 0
    assert not SearchDocument.objects.filter(practice=draft).exists()


def test_publishing_and_withdrawing_follow_the_practice(client, content):
    practice = make_practice(content.first(), title="Elwetritschzählung")
    assert hits(client, "Elwetritschzählung").context["total"] == 1
    practice.publication_state = Practice.PublicationState.ARCHIVIERT
    practice.save()
    assert hits(client, "Elwetritschzählung").context["total"] == 0


def test_results_are_paginated(client, content):
    response = hits(client, "Jobcenter")
    assert response.context["total"] > 20
    assert len(response.context["hits"]) == 20
    second = hits(client, "Jobcenter", page=2)
    assert {h.pk for h in second.context["hits"]}.isdisjoint(
        {h.pk for h in response.context["hits"]}
    )


def test_a_typo_gets_a_suggestion_and_never_a_fragment(client, content):
    response = hits(client, "Einstiegsgelt")
    assert response.context["total"] == 0
    assert "Einstiegsgeld" in response.context["suggestions"]
    assert "innen" not in hits(client, "Kundinen").context["suggestions"]


def test_every_page_has_a_search_box_for_everything(client, content):
    html = client.get(reverse("forums:list")).content.decode()
    assert f'action="{SEARCH}"' in html


def test_the_page_costs_a_bounded_number_of_queries(client, content, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        hits(client, "Gesundheit")
