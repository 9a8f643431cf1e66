"""Public pages of the knowledge base: the practice list and detail, the projects."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView

from practices.filters import ProjectFilter
from practices.listing import PER_PAGE_CHOICES, PracticeList
from practices.models import Practice, Project, ProjectAttribution


def can_preview(user):
    """Researchers may look at unpublished practices at their public URL."""
    return user.is_authenticated and user.has_perm("practices.view_practice")


def practice_list(request):
    listing = PracticeList.from_query(request.GET)
    context = {
        "listing": listing,
        "params": listing.params,
        "facets": listing.facets,
        "total": listing.total,
        "page_obj": listing.page,
        "practices": listing.page.object_list,
        "chips": listing.chips(),
        "sort_choices": listing.sort_choices(),
        "sort_key": listing.sort_key,
        "per_page_choices": PER_PAGE_CHOICES,
        "suggestions": listing.suggestions(),
        "status_meanings": listing.status_meanings(),
        "export_task_rows": settings.EXPORT_TASK_ROWS,
        "export_in_background": listing.total > settings.EXPORT_TASK_ROWS,
    }
    return render(request, "practices/practice_list.html", context)


class PracticeDetailView(DetailView):
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"

    def get_queryset(self):
        queryset = Practice.objects.for_detail()
        if can_preview(self.request.user):
            return queryset
        return queryset.published()


def project_list(request):
    published = Practice.objects.published().values("pk")
    projects = Project.objects.for_list().annotate(
        practice_count=Count(
            "attributions",
            filter=Q(attributions__is_public=True, attributions__practice__in=published),
        )
    )
    filterset, notices = ProjectFilter.from_query(request.GET, projects)
    # A filter over a field no project fills would only offer empty choices: leave it out.
    filled = Project.objects.aggregate(
        foerderwelle=Count("pk", filter=Q(funding_wave__isnull=False)),
        status=Count("pk", filter=~Q(status="")),
        bundesland=Count("pk", filter=~Q(bundesland="")),
    )
    fields = [field for field in filterset.form if filled.get(field.name) or field.value()]
    return render(
        request,
        "practices/project_list.html",
        {
            "filter": filterset,
            "filter_fields": fields,
            "projects": filterset.qs,
            "notices": notices,
        },
    )


def project_detail(request, slug):
    attributions = ProjectAttribution.objects.filter(
        is_public=True, practice__in=Practice.objects.published()
    ).select_related("practice", "practice__forum")
    project = get_object_or_404(
        Project.objects.prefetch_related(
            Prefetch("attributions", queryset=attributions, to_attr="public_attributions"),
            "thementische__forum",
        ),
        slug=slug,
    )
    practices = [a.practice for a in project.public_attributions]
    return render(
        request,
        "practices/project_detail.html",
        {"project": project, "practices": practices},
    )
