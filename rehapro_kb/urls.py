from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("practices.home")),
    path("", include("practices.urls")),
    path("foren/", include("forums.urls")),
    path("suche/", include("sitesearch.urls")),
    path("glossar/", include("glossary.urls")),
    path("", include("site_pages.urls")),
    path("admin/import/", include("imports.urls")),
    path("admin/aufgaben/", include("jobs.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "rehapro_kb.views.server_error"
