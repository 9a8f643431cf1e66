"""The list's fast paths give the plain answers: pages by forum day, cached unfiltered facets."""

import datetime
import itertools

import pytest
from django.http import QueryDict

from practices import search
from practices.listing import SORTS, PracticeList
from practices.models import Practice
from tests.conftest import make_forum, make_practice

pytestmark = pytest.mark.django_db
CATEGORIES = Practice.Category.values
STATUSES = Practice.Status.values


@pytest.fixture
def forums_with_shared_days():
    """Hidden curated content; four forums, two of them on one day, drafts in between."""
    Practice.objects.update(publication_state=Practice.PublicationState.ARCHIVIERT)
    day = datetime.date(2031, 5, 1)
    forums = [
        make_forum(date=day),
        make_forum(date=day),
        make_forum(date=day - datetime.timedelta(days=300)),
        make_forum(date=day + datetime.timedelta(days=300)),
    ]
    sizes = (7, 5, 9, 4)
    combos = itertools.cycle(itertools.product(CATEGORIES[:3], STATUSES))
    for forum, size in zip(forums, sizes, strict=True):
        for i in range(size):
            category, status = next(combos)
            make_practice(forum, category=category, status=status)
            if i % 3 == 0:
                make_practice(forum, category=category, publication_state="entwurf")
    return forums


def page_ids(query):
    listing = PracticeList.from_query(QueryDict(query))
    return [p.pk for p in listing.page.object_list], listing


@pytest.mark.parametrize(
    "query",
    ["", "kategorie=" + CATEGORIES[0], "status=" + STATUSES[0], "sort=forum"],
)
def test_every_page_by_forum_is_the_slice_of_the_full_order(forums_with_shared_days, query):
    _ids, listing = page_ids(query)
    expected = list(listing.filterset.qs.order_by(*SORTS["forum"][1]).values_list("pk", flat=True))
    assert len(expected) == listing.total > 0
    for per_page in (10, 20):
        pages = -(-len(expected) // per_page)
        for number in range(1, pages + 1):
            ids, _ = page_ids(f"{query}&pro_seite={per_page}&page={number}")
            start = (number - 1) * per_page
            assert ids == expected[start : start + per_page], (query, per_page, number)


def test_pages_of_chosen_forums_skip_the_others(forums_with_shared_days):
    chosen = forums_with_shared_days[1:3]
    query = "&".join(f"forum={f.slug}" for f in chosen) + "&pro_seite=10"
    expected = list(
        Practice.objects.published()
        .filter(forum__in=chosen)
        .order_by(*SORTS["forum"][1])
        .values_list("pk", flat=True)
    )
    assert page_ids(query)[0] == expected[:10]
    assert page_ids(query + "&page=2")[0] == expected[10:20]


def test_unfiltered_facets_are_kept_until_the_content_changes(
    forums_with_shared_days, settings, django_capture_on_commit_callbacks, django_assert_num_queries
):
    settings.FACET_CACHE_SECONDS = 600
    forum = forums_with_shared_days[0]
    with django_capture_on_commit_callbacks(execute=True):
        make_practice(forum, category=CATEGORIES[-1], status=STATUSES[0])
    first = PracticeList.from_query(QueryDict())
    total = first.total
    kept = PracticeList.from_query(QueryDict())
    with django_assert_num_queries(1):  # the content version; the counts come from the cache
        assert kept.facet_counts == first.facet_counts
    with django_capture_on_commit_callbacks(execute=True):
        make_practice(forum, category=CATEGORIES[-1], status=STATUSES[1])
    after = PracticeList.from_query(QueryDict())
    assert after.total == total + 1
    kategorie = next(f for f in after.facets if f.name == "kategorie")
    assert next(o.count for o in kategorie.options if o.value == CATEGORIES[-1]) == 2
    # A filtered list is always counted afresh.
    filtered = PracticeList.from_query(QueryDict(f"kategorie={CATEGORIES[-1]}"))
    assert filtered.total == 2


@pytest.mark.parametrize(
    "query",
    [
        "q=Gesundheit",
        "q=Netzwerk&kategorie=angebote-traeger",
        "q=Jobcenter&status=umgesetzt&pro_seite=10",
        "q=Jobcenter -Budget&forum=fachforum-2025",
    ],
)
def test_pages_by_relevance_read_with_the_facets_are_the_ranked_order(content, query):
    listing = PracticeList.from_query(QueryDict(query))
    ranked = search.apply_search(
        listing.filterset.filtered_without("q"), listing.search_text, ranked=True
    )
    expected = list(ranked.order_by("-rank", "id").values_list("pk", flat=True))
    assert len(expected) == listing.total > 0
    pages = -(-len(expected) // listing.per_page)
    for number in range(1, pages + 1):
        ids, page_listing = page_ids(f"{query}&page={number}")
        assert page_listing._ranked_page.ids == ids  # from the facet pass, not a query
        start = (number - 1) * listing.per_page
        assert ids == expected[start : start + listing.per_page], (query, number)
