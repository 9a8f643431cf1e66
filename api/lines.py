"""Lines of development: each a path of published entries across the forums."""

from django.http import Http404
from ninja import Router

from api import schemas
from lines.queries import public_lines

router = Router()
TAGS = ["Entwicklungslinien / lines of development"]


def _line(request, line):
    absolute = request.build_absolute_uri
    return {
        "slug": line.slug,
        "title": line.title,
        "summary": line.summary,
        "url": absolute(line.get_absolute_url()),
        "entries": [
            {
                "id": m.practice.pk,
                "slug": m.practice.slug,
                "title": m.practice.title,
                "url": absolute(m.practice.get_absolute_url()),
                "forum": m.practice.forum.slug,
                "forum_date": m.practice.forum.date,
                "status": m.practice.status,
                "entry_type": m.practice.entry_type,
                # The first entry starts the path; the others say how they follow from it.
                "kind": m.kind,
                "reason": m.reason,
            }
            for m in line.public_members
        ],
    }


@router.get("/lines", response=list[schemas.Line], tags=TAGS)
def line_list(request):
    """Entwicklungslinien mit ihren veröffentlichten Einträgen / lines with their entries."""
    return [_line(request, line) for line in public_lines()]


@router.get("/lines/{slug}", response={200: schemas.Line, 404: schemas.Error}, tags=TAGS)
def line_detail(request, slug: str):
    """Eine Entwicklungslinie / one line of development."""
    line = public_lines().filter(slug=slug).first()
    if line is None:
        raise Http404
    return _line(request, line)
