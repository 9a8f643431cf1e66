from django.urls import path

from practices import cache_keys, export_job_views, exports, views
from practices.hurdles import views as hurdle_views
from rehapro_kb.page_cache import cache_public_page

app_name = "practices"

urlpatterns = [
    path(
        "praxis/",
        cache_public_page(views.practice_list, query=cache_keys.practice_list),
        name="list",
    ),
    path("praxis/export.csv", exports.export_list, {"extension": "csv"}, name="export_csv"),
    path("praxis/export.xlsx", exports.export_list, {"extension": "xlsx"}, name="export_xlsx"),
    path("praxis/export.json", exports.export_list, {"extension": "json"}, name="export_json"),
    path("praxis/export/<str:token>/", export_job_views.export_job, name="export_job"),
    path("praxis/export/<str:token>/datei/", export_job_views.export_file, name="export_file"),
    path(
        "praxis/<slug:slug>/", cache_public_page(views.PracticeDetailView.as_view()), name="detail"
    ),
    path(
        "huerden/",
        cache_public_page(hurdle_views.hurdle_list, query=cache_keys.hurdle_list),
        name="hurdle_list",
    ),
    path(
        "huerden/export.csv",
        hurdle_views.hurdle_export,
        {"extension": "csv"},
        name="hurdle_export_csv",
    ),
    path(
        "huerden/export.xlsx",
        hurdle_views.hurdle_export,
        {"extension": "xlsx"},
        name="hurdle_export_xlsx",
    ),
    path(
        "huerden/export.json",
        hurdle_views.hurdle_export,
        {"extension": "json"},
        name="hurdle_export_json",
    ),
    path(
        "projekte/",
        cache_public_page(views.project_list, query=cache_keys.project_list),
        name="project_list",
    ),
    path("projekte/<slug:slug>/", cache_public_page(views.project_detail), name="project_detail"),
]
