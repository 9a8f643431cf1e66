"""Import pages, served inside the admin under /admin/import/."""

from imports.forum_text import views as forum_text_views
from imports.spreadsheet import views as spreadsheet_views

app_name = "imports"

urlpatterns = [*forum_text_views.urlpatterns, *spreadsheet_views.urlpatterns]
