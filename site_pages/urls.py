from django.contrib.sitemaps.views import sitemap
from django.urls import path

from site_pages import views
from site_pages.sitemaps import SITEMAPS

app_name = "site_pages"

urlpatterns = [
    path("impressum/", views.page, {"kind": "impressum"}, name="impressum"),
    path("datenschutz/", views.page, {"kind": "datenschutz"}, name="datenschutz"),
    path("barrierefreiheit/", views.page, {"kind": "barrierefreiheit"}, name="barrierefreiheit"),
    path("kontakt/", views.kontakt, name="kontakt"),
    path("kontakt/danke/", views.kontakt_danke, name="kontakt_danke"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    # Browsers and feed readers ask for /favicon.ico whatever the page links.
    path("favicon.ico", views.favicon),
]
