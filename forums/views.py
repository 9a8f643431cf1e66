"""Public pages of the forums, in the shape of their documentation."""

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, render

from forums.models import Document, Forum, Thementisch
from lines.queries import followed_up


def practices_by_category_and_status(practices, list_query, **annotations):
    """Group published practices as the documentation does: category, then geplant / umgesetzt.

    `practices` is the related manager of a forum or a theme table: practices point to forums,
    so this app reaches them through that relation instead of importing the practices app.
    Beyond FORUM_PAGE_FULL_LIMIT practices, each group shows its first FORUM_PAGE_GROUP_LIMIT
    and links to the practice list filtered to the group (`list_query` plus category and
    status), so the page stays small; one query either way, the counts are window functions.
    `annotations` are added to each practice by that same query.
    """
    Practice = practices.model
    group = [F("category"), F("status")]
    rows = list(
        practices.published()
        .for_forum_page()
        .annotate(
            position=Window(RowNumber(), partition_by=group, order_by=F("id").asc()),
            group_size=Window(Count("id"), partition_by=group),
            total=Window(Count("id")),
            **annotations,
        )
        .filter(
            Q(total__lte=settings.FORUM_PAGE_FULL_LIMIT)
            | Q(position__lte=settings.FORUM_PAGE_GROUP_LIMIT)
        )
        .order_by("id")
    )
    groups = []
    for category, category_label in Practice.Category.choices:
        in_category = [p for p in rows if p.category == category]
        if not in_category:
            continue
        statuses = []
        for status, status_label in Practice.Status.choices:
            items = [p for p in in_category if p.status == status]
            if items:
                count = items[0].group_size
                more = urlencode([*list_query, ("kategorie", category), ("status", status)])
                statuses.append(
                    {"label": status_label, "items": items, "count": count, "more_query": more}
                )
        groups.append({"value": category, "label": category_label, "statuses": statuses})
    return {"groups": groups, "practice_count": rows[0].total if rows else 0, "rows": rows}


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
    # Whether a later forum followed an entry up is read with the entries (one query fewer).
    grouped = practices_by_category_and_status(
        forum.practices, [("forum", forum.slug)], followed_up=followed_up(forum)
    )
    followed = {practice.pk for practice in grouped.pop("rows") if practice.followed_up}
    return render(
        request,
        "forums/forum_detail.html",
        {"forum": forum, "followed": followed, **grouped},
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
            **practices_by_category_and_status(
                thementisch.practices,
                [("forum", thementisch.forum.slug), ("thementisch", thementisch.slug)],
            ),
        },
    )
