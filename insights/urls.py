from django.urls import path

from insights import feeds, views
from practices import cache_keys
from rehapro_kb.page_cache import cache_public_page

app_name = "insights"

urlpatterns = [
    path(
        "statistik/",
        cache_public_page(views.statistics, query=cache_keys.practice_filters),
        name="statistics",
    ),
    path(
        "statistik/statistik.csv",
        views.statistics_download,
        {"extension": "csv"},
        name="statistics_csv",
    ),
    path(
        "statistik/statistik.json",
        views.statistics_download,
        {"extension": "json"},
        name="statistics_json",
    ),
    path(
        "praxis/feed.atom",
        cache_public_page(feeds.PracticeListFeed(), query=cache_keys.practice_filters),
        name="practice_feed",
    ),
    path("foren/<slug:slug>/feed.atom", cache_public_page(feeds.ForumFeed()), name="forum_feed"),
    path("huerden/feed.atom", cache_public_page(feeds.HurdleFeed()), name="hurdle_feed"),
]
