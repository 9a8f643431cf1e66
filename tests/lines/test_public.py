"""Public surfaces of lines: only published entries, pinned query counts."""

import csv
import io

import pytest
from django.urls import reverse

from lines import actions
from lines.models import Line
from practices.models import Practice
from tests.conftest import make_practice

DRAFT = Practice.PublicationState.ENTWURF


@pytest.fixture
def line(pair, superuser):
    planned, follow_up = pair
    return actions.link(planned, follow_up, "weitergefuehrt", "Beide Dokumentationen.", superuser)


def _draft_in(line, pair, superuser):
    planned, _follow_up = pair
    draft = make_practice(pair[1].forum, title="Entwurf der Sprechstunde", publication_state=DRAFT)
    actions.link(planned, draft, "verwandt", "Entwurf.", superuser)
    return draft


def test_the_practice_page_shows_the_timeline_linked(client, line, pair):
    planned, follow_up = pair
    text = client.get(planned.get_absolute_url()).content.decode()
    assert 'id="verlauf"' in text
    assert follow_up.get_absolute_url() in text
    assert line.get_absolute_url() in text


def test_a_draft_entry_never_appears_in_a_public_line(client, line, pair, superuser):
    draft = _draft_in(line, pair, superuser)
    for url in (pair[0].get_absolute_url(), line.get_absolute_url(), reverse("lines:list")):
        assert draft.title not in client.get(url).content.decode()


def test_a_draft_partner_alone_makes_no_public_line(client, pair, superuser):
    planned, follow_up = pair
    Practice.objects.filter(pk=follow_up.pk).update(publication_state=DRAFT)
    line = actions.link(planned, follow_up, "weitergefuehrt", "Grund.", superuser)
    assert client.get(line.get_absolute_url()).status_code == 404
    assert 'id="verlauf"' not in client.get(planned.get_absolute_url()).content.decode()
    response = client.get(reverse("practices:list"), {"mit_verlauf": "ja"})
    assert response.context["total"] == 0


def test_the_facet_counts_only_published_entries_of_public_lines(client, line, pair, superuser):
    _draft_in(line, pair, superuser)
    response = client.get(reverse("practices:list"), {"mit_verlauf": "ja"})
    assert response.context["total"] == 2
    assert {p.pk for p in response.context["practices"]} == {pair[0].pk, pair[1].pk}


def test_an_unknown_line_is_a_german_404(client, db):
    response = client.get(reverse("lines:detail", kwargs={"slug": "gibt-es-nicht"}))
    assert response.status_code == 404


def test_the_line_page_shows_the_path_with_reasons(client, line, pair):
    text = client.get(line.get_absolute_url()).content.decode()
    assert text.index(pair[0].title) < text.index(pair[1].title)
    assert "Beide Dokumentationen." in text


def test_the_csv_export_has_the_line_columns(client, line, pair):
    response = client.get(reverse("practices:export_csv"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {r["ID"]: r for r in csv.DictReader(io.StringIO(body), delimiter=";")}
    assert rows[str(pair[1].pk)]["Entwicklungslinie"] == line.title
    assert rows[str(pair[1].pk)]["Entwicklungslinie-ID"] == str(line.pk)


def test_the_forum_page_marks_an_entry_a_later_forum_followed_up(client, line, pair):
    planned, follow_up = pair
    early = client.get(planned.forum.get_absolute_url()).content.decode()
    late = client.get(follow_up.forum.get_absolute_url()).content.decode()
    assert "später wieder aufgegriffen" in early
    assert "später wieder aufgegriffen" not in late


def test_related_practices_show_other_forums_first_and_no_drafts(client, pair):
    planned, follow_up = pair
    make_practice(
        follow_up.forum,
        title="Verwandter Entwurf",
        tags=["Gesundheitsförderung"],
        publication_state=DRAFT,
    )
    text = client.get(planned.get_absolute_url()).content.decode()
    assert "Verwandte Praxisbeispiele" in text
    assert follow_up.title in text
    assert "Verwandter Entwurf" not in text


def test_the_practice_page_with_a_line_and_related_entries_keeps_its_query_count(
    client, line, pair, django_assert_max_num_queries
):
    # As pinned in tests/practices/test_project_pages.py.
    with django_assert_max_num_queries(8):
        assert client.get(pair[0].get_absolute_url()).status_code == 200


def test_the_line_pages_keep_a_constant_query_count(
    client, line, pair, superuser, django_assert_max_num_queries
):
    for i in range(5):
        other = make_practice(pair[1].forum, title=f"Weitere {i}")
        actions.link(pair[0], other, "verwandt", "Grund.", superuser)
    with django_assert_max_num_queries(3):
        assert client.get(line.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("lines:list")).status_code == 200


def test_the_sitemap_lists_public_lines_only(client, line):
    Line.objects.create(slug="leer", title="Leere Linie")
    text = client.get("/sitemap.xml").content.decode()
    assert line.get_absolute_url() in text
    assert "/verlauf/leer/" not in text
