"""Forums with their Thementische, projects and the glossary: small, complete lists."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from ninja import Router

from api import schemas
from forums.models import Forum, Thementisch
from glossary.models import Term
from practices.models import Practice, Project, ProjectAttribution

router = Router()


def _published_ids():
    return Practice.objects.published().values("pk")


def _forums():
    tables = Thementisch.objects.order_by("position", "title").prefetch_related("projects")
    return Forum.objects.annotate(
        practice_count=Count("practices", filter=Q(practices__in=_published_ids()))
    ).prefetch_related(Prefetch("thementische", queryset=tables))


def _forum(request, forum):
    absolute = request.build_absolute_uri
    kinds = dict(Thementisch.Kind.choices)
    return {
        **{f: getattr(forum, f) for f in schemas.Forum.model_fields if hasattr(forum, f)},
        "url": absolute(forum.get_absolute_url()),
        "thementische": [
            {
                "slug": table.slug,
                "kind": table.kind,
                "kind_label": str(kinds.get(table.kind, table.kind)),
                "title": table.title,
                "summary": table.summary,
                "key_results": table.key_result_lines(),
                "projects": [{"slug": p.slug, "name": p.short_name} for p in table.projects.all()],
                # Built from the forum at hand: Thementisch.get_absolute_url() would query it.
                "url": absolute(
                    reverse(
                        "forums:thementisch", kwargs={"forum_slug": forum.slug, "slug": table.slug}
                    )
                ),
            }
            for table in forum.thementische.all()
        ],
    }


@router.get("/forums", response=list[schemas.Forum], tags=["Fachforen / forums"])
def forum_list(request):
    """Fachforen mit Thementischen und wichtigsten Ergebnissen / forums with theme tables."""
    return [_forum(request, forum) for forum in _forums()]


@router.get(
    "/forums/{slug}",
    response={200: schemas.Forum, 404: schemas.Error},
    tags=["Fachforen / forums"],
)
def forum_detail(request, slug: str):
    """Ein Fachforum / one forum."""
    forum = _forums().filter(slug=slug).first()
    if forum is None:
        raise Http404
    return _forum(request, forum)


def _projects():
    return Project.objects.for_list().annotate(
        practice_count=Count(
            "attributions",
            filter=Q(attributions__is_public=True, attributions__practice__in=_published_ids()),
        )
    )


def _project(request, project):
    data = {f: getattr(project, f) for f in schemas.Project.model_fields if hasattr(project, f)}
    data["partners"] = [line.strip() for line in project.partners.splitlines() if line.strip()]
    data["url"] = request.build_absolute_uri(project.get_absolute_url())
    return data


@router.get("/projects", response=list[schemas.Project], tags=["Projekte / projects"])
def project_list(request):
    """rehapro-Modellprojekte / rehapro model projects."""
    return [_project(request, project) for project in _projects()]


@router.get(
    "/projects/{slug}",
    response={200: schemas.ProjectDetail, 404: schemas.Error},
    tags=["Projekte / projects"],
)
def project_detail(request, slug: str):
    """Ein Projekt mit seinen öffentlich zugeordneten Praxisbeispielen / one project."""
    attributions = ProjectAttribution.objects.filter(
        is_public=True, practice__in=Practice.objects.published()
    ).select_related("practice")
    project = (
        _projects()
        .prefetch_related(Prefetch("attributions", queryset=attributions, to_attr="public"))
        .filter(slug=slug)
        .first()
    )
    if project is None:
        raise Http404
    practices = sorted((a.practice for a in project.public), key=lambda p: p.pk)
    return {
        **_project(request, project),
        "practices": [
            {
                "slug": p.slug,
                "title": p.title,
                "url": request.build_absolute_uri(p.get_absolute_url()),
            }
            for p in practices
        ],
    }


@router.get("/glossary", response=list[schemas.Term], tags=["Glossar / glossary"])
def glossary(request):
    """Öffentliche Glossarbegriffe / public glossary terms."""
    return [
        {
            "slug": term.slug,
            "short": term.short,
            "long": term.long,
            "variants": term.variant_lines(),
            "explanation": term.explanation,
            "url": request.build_absolute_uri(term.get_absolute_url()),
        }
        for term in Term.objects.public()
    ]
