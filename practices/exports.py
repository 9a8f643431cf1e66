"""Downloads of the public practice list: exactly the rows of the list page, in any format."""

from django.utils import translation

from practices.export_job_views import large_export
from practices.exporter import PracticeExporter, export_language


def export_list(request, extension):
    # More rows than settings.EXPORT_TASK_ROWS: built by a background job, then downloaded.
    background = large_export(request, extension)
    if background is not None:
        return background
    comma = request.GET.get("trennzeichen") == "komma"
    # Headers and labels in the export's language; the rows' content stays German.
    with translation.override(export_language(request)):
        return PracticeExporter.for_list(request).response(extension, comma=comma)
