from django.urls import path

from lines import views
from rehapro_kb.page_cache import cache_public_page

app_name = "lines"

urlpatterns = [
    path("", cache_public_page(views.line_list), name="list"),
    path("<slug:slug>/", cache_public_page(views.line_detail), name="detail"),
]
