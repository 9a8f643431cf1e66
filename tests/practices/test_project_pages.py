"""Project list and detail: filters, public attributions only, few queries."""

import pytest
from django.urls import reverse

from practices.models import Project, ProjectAttribution
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects():
    return [
        Project.objects.create(
            short_name="Welle1", slug="welle1", funding_wave=1, bundesland="hessen"
        ),
        Project.objects.create(
            short_name="Welle3", slug="welle3", funding_wave=3, status="abgeschlossen"
        ),
    ]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"foerderwelle": "1"}, {"Welle1"}),
        ({"status": "abgeschlossen"}, {"Welle3"}),
        ({"bundesland": "hessen"}, {"Welle1"}),
    ],
)
def test_project_list_filters(client, projects, params, expected):
    response = client.get(reverse("practices:project_list"), params)
    assert {p.short_name for p in response.context["projects"]} == expected


def test_unknown_project_filter_values_get_a_notice(client, projects):
    response = client.get(
        reverse("practices:project_list"), {"foerderwelle": "9", "status": "abgeschlossen"}
    )
    assert response.status_code == 200
    assert response.context["notices"]
    assert {p.short_name for p in response.context["projects"]} == {"Welle3"}


def test_project_page_lists_only_public_attributions_of_published_practices(
    client, projects, forum
):
    project = projects[0]
    for title, public, state in [
        ("Offen", True, "veroeffentlicht"),
        ("Nicht zugeordnet", False, "veroeffentlicht"),
        ("Entwurf", True, "entwurf"),
    ]:
        practice = make_practice(forum, title=f"Praxis {title}", publication_state=state)
        ProjectAttribution.objects.create(practice=practice, project=project, is_public=public)
    response = client.get(project.get_absolute_url())
    assert [p.title for p in response.context["practices"]] == ["Praxis Offen"]
    listed = client.get(reverse("practices:project_list")).context["projects"]
    assert listed.get(pk=project.pk).practice_count == 1


def test_project_pages_keep_a_constant_query_count(
    client, projects, forum, django_assert_max_num_queries
):
    for i in range(20):
        practice = make_practice(forum, title=f"P{i}")
        ProjectAttribution.objects.create(practice=practice, project=projects[0], is_public=True)
    with django_assert_max_num_queries(5):
        client.get(projects[0].get_absolute_url())
    with django_assert_max_num_queries(3):
        client.get(reverse("practices:project_list"))


def test_practice_detail_query_count(client, forum, django_assert_max_num_queries):
    practice = make_practice(forum, tags=["A", "B", "C"], hurdles=["x", "y"])
    # 5 before issue 17; +3: the line's timeline, and the related practices (their candidate
    # ids, then the ranking: one query ranking all sharers cost 400 ms at 100k practices).
    with django_assert_max_num_queries(8):
        assert client.get(practice.get_absolute_url()).status_code == 200
