from django.urls import path

from practices import exports, views
from rehapro_kb.page_cache import cache_public_page

app_name = "practices"

urlpatterns = [
    path("praxis/", cache_public_page(views.practice_list), name="list"),
    path("praxis/export.csv", exports.export_list, {"extension": "csv"}, name="export_csv"),
    path("praxis/export.xlsx", exports.export_list, {"extension": "xlsx"}, name="export_xlsx"),
    path("praxis/export.json", exports.export_list, {"extension": "json"}, name="export_json"),
    path(
        "praxis/<slug:slug>/", cache_public_page(views.PracticeDetailView.as_view()), name="detail"
    ),
    path("projekte/", cache_public_page(views.project_list), name="project_list"),
    path("projekte/<slug:slug>/", cache_public_page(views.project_detail), name="project_detail"),
]
