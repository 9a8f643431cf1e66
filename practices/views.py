"""Public pages of the knowledge base: the practice list and detail, the projects."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from practices import facets, search
from practices.filters import SORT_CHOICES
from practices.listing import build_listing, paginate
from practices.models import Practice, Project, ProjectAttribution
from practices.project_filters import ProjectFilter


def can_preview(user):
    """Researchers may look at unpublished practices at their public URL."""
    return user.is_authenticated and user.has_perm("practices.view_practice")


def active_filter_chips(listing, facet_list):
    """Describe each active filter value with a link that removes it."""
    labels = {(f.name, o.value): o.label for f in facet_list for o in f.options}
    filters = listing.filterset.filters
    chips = []
    for name in listing.params:
        if name in ("sort", "pro_seite"):
            continue
        for value in listing.params.getlist(name):
            remaining = listing.params.copy()
            remaining.setlist(name, [v for v in remaining.getlist(name) if v != value])
            text = f"„{value}“" if name == "q" else labels.get((name, value), value)
            chips.append(
                {
                    "filter": str(filters[name].label),
                    "value": text,
                    "remove_query": remaining.urlencode(),
                }
            )
    return chips


def page_rows(listing, page):
    """Fetch one page in two steps: the ordered ids (narrow, index-friendly), then the rows."""
    start = (page.number - 1) * listing.per_page
    ids = list(listing.queryset.values_list("pk", flat=True)[start : start + listing.per_page])
    rows = Practice.objects.filter(pk__in=ids).for_list()
    if listing.search_text:
        rows = search.with_snippets(rows, listing.search_text)
    by_id = {practice.pk: practice for practice in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def practice_list(request):
    listing = build_listing(request.GET)
    facet_list, total = facets.compute(listing.filterset)
    page = paginate(listing, total)
    page.object_list = page_rows(listing, page)
    for practice in page.object_list:
        practice.snippet = search.render_snippet(getattr(practice, "raw_snippet", ""))
    suggestions = []
    if total == 0 and listing.search_text:
        suggestions = search.suggest(Practice.objects.published(), listing.search_text)
    context = {
        "listing": listing,
        "params": listing.params,
        "facets": facet_list,
        "total": total,
        "page_obj": page,
        "practices": page.object_list,
        "chips": active_filter_chips(listing, facet_list),
        "sort_choices": SORT_CHOICES,
        "sort_key": listing.filterset.sort_key,
        "per_page_choices": (10, 20, 50, 100),
        "suggestions": suggestions,
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
    filterset = ProjectFilter(request.GET, queryset=projects)
    notices = []
    if not filterset.is_valid():
        notices.append(_("Einige Filterwerte sind unbekannt und wurden ignoriert."))
        valid = {k: v for k, v in request.GET.items() if k not in filterset.errors}
        filterset = ProjectFilter(valid, queryset=projects)
        filterset.is_valid()
    return render(
        request,
        "practices/project_list.html",
        {"filter": filterset, "projects": filterset.qs, "notices": notices},
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
