"""Permalinks that survive a change of title, and the citation files."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from citations.formats import DOWNLOADS
from citations.records import csl_record
from forums.models import Forum, Thementisch
from practices.models import Practice

# kind in the URL: how to fetch one public object of it
SOURCES = {
    "praxis": lambda pk: get_object_or_404(
        Practice.objects.published().defer("search_vector"), pk=pk
    ),
    "fachforum": lambda pk: get_object_or_404(Forum, pk=pk),
    "thementisch": lambda pk: get_object_or_404(Thementisch.objects.select_related("forum"), pk=pk),
}


def permalink(request, kind, pk):
    """Redirect the id-based address to the current slug URL (drafts: 404)."""
    return redirect(SOURCES[kind](pk))


def citation_file(request, kind, pk, extension):
    """Return `zitat.<extension>` of a public page, rendered from its CSL-JSON record."""
    if extension not in DOWNLOADS:
        raise Http404(_("Dieses Zitierformat gibt es nicht."))
    record = csl_record(SOURCES[kind](pk), request)
    render, content_type = DOWNLOADS[extension]
    response = HttpResponse(render(record), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{record["id"]}.{extension}"'
    return response
