from django.contrib import admin
from django.urls import include, path

from rehapro_kb import views
from rehapro_kb.page_cache import cache_public_page

urlpatterns = [
    path("", cache_public_page(views.home), name="home"),
    path("", include("practices.urls")),
    path("foren/", include("forums.urls")),
    path("admin/import/", include("imports.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "rehapro_kb.views.server_error"
