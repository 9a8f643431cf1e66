"""Downloads of the public practice list: exactly the rows of the list page, in any format."""

from practices.exporter import PracticeExporter


def export_list(request, extension):
    comma = request.GET.get("trennzeichen") == "komma"
    return PracticeExporter.for_list(request).response(extension, comma=comma)
