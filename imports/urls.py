"""Import pages, served inside the admin under /admin/import/."""

from imports import forum_text_views, spreadsheet_views

app_name = "imports"

urlpatterns = [*forum_text_views.urlpatterns, *spreadsheet_views.urlpatterns]
