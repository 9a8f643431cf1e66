from django.urls import path

from forums import downloads, views
from rehapro_kb.page_cache import cache_public_page

app_name = "forums"

urlpatterns = [
    path("", cache_public_page(views.forum_list), name="list"),
    path("<slug:slug>/", cache_public_page(views.forum_detail), name="detail"),
    path("<slug:forum_slug>/dokumente/<int:pk>/", downloads.document_file, name="document"),
    path(
        "<slug:forum_slug>/<slug:slug>/",
        cache_public_page(views.thementisch_detail),
        name="thementisch",
    ),
]
