"""Import pages, served inside the admin under /admin/import/."""

from django.contrib import admin
from django.urls import path

from imports.forum_text import views as forum_text
from imports.projects import views as projects
from imports.spreadsheet import views as spreadsheet

app_name = "imports"

urlpatterns = [
    path("forum-text/", admin.site.admin_view(forum_text.input_view), name="forum_text"),
    path(
        "forum-text/bestaetigen/",
        admin.site.admin_view(forum_text.confirm_view),
        name="forum_text_confirm",
    ),
    path(
        "forum-text/beispiel.md",
        admin.site.admin_view(forum_text.example_view),
        name="forum_text_example",
    ),
    path("tabelle/", admin.site.admin_view(spreadsheet.upload_view), name="spreadsheet"),
    path(
        "tabelle/vorlage.csv",
        admin.site.admin_view(spreadsheet.template_view),
        name="spreadsheet_template",
    ),
    path(
        "tabelle/<slug:token>/",
        admin.site.admin_view(spreadsheet.preview_view),
        name="spreadsheet_preview",
    ),
    path("projekte/", admin.site.admin_view(projects.upload_view), name="projects"),
    path(
        "projekte/projekte-beispiel.csv",
        admin.site.admin_view(projects.example_view),
        name="projects_example",
    ),
    path(
        "projekte/<slug:token>/",
        admin.site.admin_view(projects.preview_view),
        name="projects_preview",
    ),
]
