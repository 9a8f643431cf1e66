"""Public pages of the lines: the index and one page per line."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from lines import queries


def line_list(request):
    return render(request, "lines/line_list.html", {"lines": queries.public_lines()})


def line_detail(request, slug):
    line = queries.public_lines().filter(slug=slug).first()
    if line is None:
        raise Http404(_("Diese Entwicklungslinie gibt es nicht (oder sie ist nicht öffentlich)."))
    return render(request, "lines/line_detail.html", {"line": line, "members": line.public_members})
