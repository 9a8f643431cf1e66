"""Every endpoint answers in a fixed number of queries, however many rows it returns."""

import pytest

from practices.models import Practice, Project

pytestmark = pytest.mark.django_db

# Queries: content version, then the endpoint's own (named per entry).
CASES = [
    # ids, rows, tag names, project names
    ("/api/v1/practices?limit=100", 5),
    # + the slug check of forum
    ("/api/v1/practices?limit=100&forum={forum}&kategorie=finanzierung&kategorie=sonstiges", 6),
    # + one GROUP BY per facet (6) and the facets' slug and wave lookups
    ("/api/v1/practices?extra=facets,count&q=Jobcenter", 14),
    ("/api/v1/practices?extra=count", 6),
    ("/api/v1/practices/{practice}", 4),
    # hurdles with their owners in one query
    ("/api/v1/hurdles?limit=100", 2),
    ("/api/v1/hurdles?limit=100&extra=facets,count", 7),
    # forums, theme tables, their projects
    ("/api/v1/forums", 4),
    ("/api/v1/forums/{forum}", 4),
    ("/api/v1/projects", 2),
    # project, its public attributions with their practices
    ("/api/v1/projects/{project}", 3),
    ("/api/v1/glossary", 2),
]


@pytest.mark.parametrize(("url", "queries"), CASES)
def test_endpoint_query_count_is_pinned(
    client, content, django_assert_max_num_queries, url, queries
):
    values = {
        "forum": content.first().slug,
        "practice": Practice.objects.published().first().slug,
        "project": Project.objects.first().slug,
    }
    with django_assert_max_num_queries(queries):
        response = client.get(url.format(**values))
    assert response.status_code == 200
