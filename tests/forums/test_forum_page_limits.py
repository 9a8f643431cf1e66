"""Big forums stay small pages: each group shows its first entries and links to the full list."""

import re

import pytest
from django.urls import reverse

from forums.models import Forum, Thementisch
from practices.models import Practice
from tests.conftest import make_forum, make_practice, make_thementisch

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(settings):
    settings.FORUM_PAGE_FULL_LIMIT = 10
    settings.FORUM_PAGE_GROUP_LIMIT = 3


def _practice_links(html):
    return re.findall(r'<a href="/praxis/[^"?]+/"', html)


def test_a_forum_beyond_the_limit_shows_a_few_per_group_and_links_to_the_rest(
    client, small_limits, django_assert_max_num_queries
):
    forum = make_forum()
    table = make_thementisch(forum)
    for number in range(24):
        make_practice(
            forum,
            title=f"Viele {number}",
            category="finanzierung",
            status="geplant" if number % 2 else "umgesetzt",
            thementisch=table,
            hurdles=["Eine Hürde"],
        )
    make_practice(
        forum, title="Entwurf Viele", category="finanzierung", publication_state="entwurf"
    )
    # 10: with the follow-up markers (issue 17) and the broken-link set (issue 23).
    with django_assert_max_num_queries(10):
        response = client.get(forum.get_absolute_url())
    html = response.text
    assert "24 Praxisbeispiele" in html
    assert len(_practice_links(html)) == 2 * 3
    assert "Entwurf Viele" not in html
    more = re.findall(r'<p class="more-link"><a href="([^"]+)">([^<]+)</a>', html)
    assert len(more) == 2
    href, text = more[0]
    assert "Alle 12 Praxisbeispiele" in text
    listed = client.get(href.replace("&amp;", "&"))
    assert listed.status_code == 200
    assert listed.context["listing"].total == 12

    table_page = client.get(table.get_absolute_url()).text
    assert len(_practice_links(table_page)) == 2 * 3
    assert f"thementisch={table.slug}" in table_page


def test_a_forum_page_stays_small_however_many_practices_it_has(client, small_limits):
    forum = make_forum()
    sizes = []
    for batch in range(3):
        for number in range(15):
            make_practice(forum, title=f"Wachsend {batch}-{number}", hurdles=["Hürde " * 20])
        sizes.append(len(client.get(forum.get_absolute_url()).content))
    # 15, 30, 45 practices: the page no longer grows once the groups are full.
    assert sizes[1] == pytest.approx(sizes[2], rel=0.02)


def test_the_curated_pages_list_every_published_practice_as_before(client, content):
    for forum in Forum.objects.all():
        html = client.get(forum.get_absolute_url()).text
        assert 'class="more-link"' not in html
        published = Practice.objects.published().filter(forum=forum).count()
        assert len(_practice_links(html)) == published
    for table in Thementisch.objects.select_related("forum"):
        html = client.get(table.get_absolute_url()).text
        assert 'class="more-link"' not in html
        assert (
            len(_practice_links(html))
            == Practice.objects.published().filter(thementisch=table).count()
        )


def test_the_more_link_names_the_group_in_german(client, small_limits):
    forum = make_forum()
    for number in range(12):
        make_practice(forum, title=f"Gruppe {number}", category="finanzierung", status="geplant")
    html = client.get(reverse("forums:detail", kwargs={"slug": forum.slug})).text
    assert "Alle 12 Praxisbeispiele „Finanzierung“ (geplant) in der Liste anzeigen" in html
