"""The lines of development in the read API: published entries only, in path order."""

import pytest

from lines.content import load_lines
from practices.models import Practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(content):
    load_lines()


def test_lines_list_each_public_path_in_forum_order_with_kinds_and_reasons(client, lines):
    lines = client.get("/api/v1/lines").json()
    assert len(lines) == 7
    team = next(line for line in lines if line["slug"] == "team-gesundheit")
    dates = [entry["forum_date"] for entry in team["entries"]]
    assert dates == sorted(dates) and len(dates) >= 2
    assert team["entries"][1]["kind"] == "weitergefuehrt" and team["entries"][1]["reason"]
    detail = client.get("/api/v1/lines/team-gesundheit")
    assert detail.status_code == 200 and detail.json() == team


def test_a_withdrawn_entry_leaves_its_line_and_a_line_without_a_path_is_gone(client, lines):
    team = client.get("/api/v1/lines/team-gesundheit").json()
    Practice.objects.filter(pk=team["entries"][0]["id"]).update(
        publication_state=Practice.PublicationState.ENTWURF
    )
    assert client.get("/api/v1/lines/team-gesundheit").status_code == 404
    slugs = [line["slug"] for line in client.get("/api/v1/lines").json()]
    assert "team-gesundheit" not in slugs
    body = client.get("/api/v1/lines/gibtsnicht").json()
    assert set(body["detail"]) == {"de", "en"}


def test_lines_take_two_queries(client, lines, django_assert_max_num_queries):
    # The ETag's content version, then the lines with their published entries (prefetch).
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/lines").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/lines/team-gesundheit").status_code == 200
