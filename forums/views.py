"""Public pages of the forums, in the shape of their documentation."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from forums.models import Document, Forum, Thementisch


def practices_by_category_and_status(practices):
    """Group published practices as the documentation does: category, then geplant / umgesetzt.

    `practices` is the related manager of a forum or a theme table: practices point to forums,
    so this app reaches them through that relation instead of importing the practices app.
    """
    Practice = practices.model
    rows = list(practices.published().for_forum_page().order_by("id"))
    groups = []
    for category, category_label in Practice.Category.choices:
        in_category = [p for p in rows if p.category == category]
        if not in_category:
            continue
        statuses = [
            (status_label, [p for p in in_category if p.status == status])
            for status, status_label in Practice.Status.choices
        ]
        groups.append(
            {
                "value": category,
                "label": category_label,
                "statuses": [(label, items) for label, items in statuses if items],
            }
        )
    return {"groups": groups, "practice_count": len(rows)}


def forum_list(request):
    published = Forum._meta.get_field("practices").related_model.objects.published()
    forums = Forum.objects.annotate(
        practice_count=Count("practices", filter=Q(practices__in=published))
    )
    return render(request, "forums/forum_list.html", {"forums": forums})


def forum_detail(request, slug):
    forum = get_object_or_404(
        Forum.objects.prefetch_related(
            Prefetch("documents", queryset=Document.objects.public(), to_attr="public_documents"),
            "studies",
            "thementische__projects",
        ),
        slug=slug,
    )
    return render(
        request,
        "forums/forum_detail.html",
        {"forum": forum, **practices_by_category_and_status(forum.practices)},
    )


def thementisch_detail(request, forum_slug, slug):
    thementisch = get_object_or_404(
        Thementisch.objects.select_related("forum").prefetch_related(
            "projects", "studies", "standalone_hurdles"
        ),
        forum__slug=forum_slug,
        slug=slug,
    )
    return render(
        request,
        "forums/thementisch_detail.html",
        {
            "thementisch": thementisch,
            "forum": thementisch.forum,
            **practices_by_category_and_status(thementisch.practices),
        },
    )
