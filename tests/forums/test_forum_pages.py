"""Forum and Thementisch pages: the documentation's shape, published content only, few queries."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from forums.models import Thementisch
from practices.models import Hurdle, Practice
from tests.conftest import NON_PUBLISHED_STATES, make_practice, make_thementisch

pytestmark = pytest.mark.django_db


def test_forum_page_groups_practices_by_category_then_status_with_hurdles(client, content):
    response = client.get(reverse("forums:detail", kwargs={"slug": "fachforum-2025"}))
    groups = response.context["groups"]
    assert [g["label"] for g in groups] == [
        "Angebote & Träger",
        "Finanzierung",
        "Strukturen & Organisationsentwicklung",
        "Sonstiges",
    ]
    assert [status["label"] for status in groups[0]["statuses"]] == ["geplant", "umgesetzt"]
    html = response.content.decode()
    assert "Wer pflegt Erarbeitetes nach Projektende?" in html
    assert "Wichtigste Ergebnisse" in html


@pytest.mark.parametrize("state", NON_PUBLISHED_STATES)
def test_forum_and_thementisch_pages_hide_non_published_practices(client, forum, state):
    table = make_thementisch(forum)
    make_practice(forum, title="Öffentlich sichtbar", thementisch=table)
    make_practice(forum, title="Versteckter Entwurf", thementisch=table, publication_state=state)
    for url in (forum.get_absolute_url(), table.get_absolute_url(), reverse("forums:list")):
        html = client.get(url).content.decode()
        assert "Versteckter Entwurf" not in html
    assert "Öffentlich sichtbar" in client.get(forum.get_absolute_url()).content.decode()
    assert client.get(reverse("forums:list")).context["forums"].get(pk=forum.pk).practice_count == 1


@pytest.mark.parametrize("extra", [0, 40])
def test_forum_page_query_count_does_not_grow_with_practices(
    client, content, django_assert_max_num_queries, extra
):
    forum = content.get(slug="fachforum-2025")
    for i in range(extra):
        make_practice(forum, title=f"Zusatz {i}", tags=["Extra"], hurdles=["Aber x"])
    # 10: one of them reads the glossary for the <abbr> explanations, one the broken links
    # (issue 23); the entries a later forum followed up come with the entries (issue 17).
    with django_assert_max_num_queries(10):
        assert client.get(forum.get_absolute_url()).status_code == 200


def test_thementisch_page_shows_key_results_studies_and_its_practices(
    client, content, django_assert_max_num_queries
):
    table = content.get(slug="fachforum-2025").thementische.get(
        slug="psychische-beeintraechtigungen"
    )
    with django_assert_max_num_queries(8):
        response = client.get(table.get_absolute_url())
    html = response.content.decode()
    assert "10.2196/65698" in html
    assert "Wichtigste Ergebnisse" in html


def test_thementisch_page_query_count_does_not_grow_with_its_practices(
    client, content, django_assert_max_num_queries
):
    table = max(Thementisch.objects.all(), key=lambda t: t.practices.count())
    assert table.practices.count() > 20
    with django_assert_max_num_queries(8):
        assert client.get(table.get_absolute_url()).status_code == 200


def test_thementisch_page_lists_its_standalone_hurdles(client, content):
    hurdle = Hurdle.objects.filter(practice__isnull=True, thementisch__isnull=False).first()
    page = client.get(hurdle.thementisch.get_absolute_url()).content.decode()
    assert "Hürden aus der Diskussion" in page
    assert escape(hurdle.text) in page or hurdle.text[:40] in page


def test_unknown_forum_or_thementisch_is_404(client, content):
    assert client.get("/foren/gibt-es-nicht/").status_code == 404
    assert client.get("/foren/fachforum-2025/gibt-es-nicht/").status_code == 404


def test_start_page_shows_counts_and_the_category_status_overview(
    client, content, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get(reverse("home"))
    published = Practice.objects.published()
    examples = published.filter(entry_type=Practice.EntryType.PRAXISBEISPIEL).count()
    assert response.context["total"] == examples < published.count()
    assert response.context["all_entries"] == published.count()
    assert response.context["latest_forum"].slug == "fachforum-2025"
    html = response.content.decode()
    assert "Überblick nach Kategorie und Status" in html
    # The figures say what they count, and link to the other kinds of entries.
    assert "Gezählt sind Praxisbeispiele" in html
    assert "?art=erkenntnis" in html
    # "umgesetzt" is explained per forum where the start page mixes them.
    assert "„Umgesetzt“ heißt je Forum:" in html
