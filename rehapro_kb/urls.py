from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

# Public pages in German at the root and in English under /en/; the admin stays German.
urlpatterns = [
    path("api/", include("api.urls")),
    path("admin/import/", include("imports.urls")),
    path("admin/aufgaben/", include("jobs.urls")),
    path("admin/", admin.site.urls),
    *i18n_patterns(
        path("", include("practices.home")),
        path("", include("insights.urls")),
        path("", include("practices.urls")),
        path("foren/", include("forums.urls")),
        path("verlauf/", include("lines.urls")),
        path("suche/", include("sitesearch.urls")),
        path("glossar/", include("glossary.urls")),
        path("", include("site_pages.urls")),
        path("", include("citations.urls")),
        path("", include("compare.urls")),
        prefix_default_language=False,
    ),
]

handler500 = "rehapro_kb.views.server_error"
