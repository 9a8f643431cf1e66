"""Admin pages for importing practices from a CSV or XLSX spreadsheet (filled in by #8)."""

urlpatterns = []
