from django.urls import path

from site_pages import views

app_name = "site_pages"

urlpatterns = [
    path("impressum/", views.page, {"kind": "impressum"}, name="impressum"),
    path("datenschutz/", views.page, {"kind": "datenschutz"}, name="datenschutz"),
    path("barrierefreiheit/", views.page, {"kind": "barrierefreiheit"}, name="barrierefreiheit"),
    path("kontakt/", views.kontakt, name="kontakt"),
    path("kontakt/danke/", views.kontakt_danke, name="kontakt_danke"),
]
