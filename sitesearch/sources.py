"""Where each kind of search document comes from: one small function per kind.

Each yields (unsaved SearchDocument, indexed title, indexed body) of public content only;
a key result or hurdle shows its Thementisch or practice as title but is found by its own
text; adapting a kind means changing its function here and nothing else.
"""

from forums.models import Forum, Thementisch
from practices.models import Hurdle, Practice, Project
from sitesearch.models import SearchDocument

Kind = SearchDocument.Kind


def _forum_label(forum):
    return f"{forum.title} ({forum.date:%d.%m.%Y})"


def practices(ids=None):
    """Published practices, with their aspect, Thementisch, tags and hurdles in the text."""
    rows = Practice.objects.published().select_related("forum", "thementisch")
    rows = rows.prefetch_related("tags", "hurdles").without_search_vector()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    for p in rows.iterator(chunk_size=1000):
        thementisch = p.thementisch.title if p.thementisch else ""
        labels = " ".join([p.aspect, thementisch, *(t.name for t in p.tags.all())])
        hurdles = " ".join(h.text for h in p.hurdles.all())
        yield (
            SearchDocument(
                key=f"practice:{p.slug}",
                kind=Kind.PRAXIS,
                title=p.title,
                text=p.description,
                url=p.get_absolute_url(),
                forum_label=_forum_label(p.forum),
                thementisch_label=thementisch,
                practice=p,
                forum=p.forum,
                thementisch=p.thementisch,
            ),
            p.title,
            f"{labels} {p.description} {hurdles}",
        )


def hurdles(ids=None):
    """Hurdles of published practices, one hit each."""
    rows = Hurdle.objects.filter(practice__in=Practice.objects.published())
    rows = rows.select_related("practice__forum", "practice__thementisch")
    if ids is not None:
        rows = rows.filter(practice_id__in=ids)
    counters = {}
    for h in rows.order_by("practice_id", "position", "id").iterator(chunk_size=1000):
        n = counters[h.practice_id] = counters.get(h.practice_id, 0) + 1
        p = h.practice
        yield (
            SearchDocument(
                key=f"hurdle:{p.slug}/{n}",
                kind=Kind.HUERDE,
                title=p.title,
                text=h.text,
                url=f"{p.get_absolute_url()}#huerden",
                forum_label=_forum_label(p.forum),
                thementisch_label=p.thementisch.title if p.thementisch else "",
                practice=p,
                forum=p.forum,
                thementisch=p.thementisch,
            ),
            "",
            h.text,
        )


def standalone_hurdles(ids=None):
    """Hurdles standing alone in a forum's discussion, one hit each (ids: of their forums)."""
    rows = Hurdle.objects.filter(practice__isnull=True).select_related("forum", "thementisch")
    if ids is not None:
        rows = rows.filter(forum_id__in=ids)
    for h in rows.order_by("forum_id", "position", "id").iterator(chunk_size=1000):
        thementisch = h.thementisch.title if h.thementisch else ""
        yield (
            SearchDocument(
                key=f"hurdle:{h.forum.slug}/alone-{h.pk}",
                kind=Kind.HUERDE,
                title=thementisch or h.forum.title,
                text=h.text,
                url=h.get_absolute_url(),
                forum_label=_forum_label(h.forum),
                thementisch_label=thementisch,
                forum=h.forum,
                thementisch=h.thementisch,
            ),
            "",
            h.text,
        )


def thementische(ids=None):
    """Thementische (title and summary) and each of their key results."""
    rows = Thementisch.objects.select_related("forum")
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    for t in rows:
        common = {
            "url": t.get_absolute_url(),
            "forum_label": _forum_label(t.forum),
            "thementisch_label": t.title,
            "forum": t.forum,
            "thementisch": t,
        }
        prefix = f"{t.forum.slug}/{t.slug}"
        yield (
            SearchDocument(
                key=f"thementisch:{prefix}",
                kind=Kind.THEMENTISCH,
                title=t.title,
                text=t.summary,
                **common,
            ),
            t.title,
            t.summary,
        )
        for n, line in enumerate(t.key_result_lines(), start=1):
            yield (
                SearchDocument(
                    key=f"result:{prefix}/{n}",
                    kind=Kind.ERGEBNIS,
                    title=t.title,
                    text=line,
                    **common,
                ),
                "",
                line,
            )


def forums(ids=None):
    """Forums: title, subtitle and summary."""
    rows = Forum.objects.all() if ids is None else Forum.objects.filter(pk__in=ids)
    for f in rows:
        yield (
            SearchDocument(
                key=f"forum:{f.slug}",
                kind=Kind.FORUM,
                title=f.title,
                text=f.summary,
                url=f.get_absolute_url(),
                forum_label=_forum_label(f),
                forum=f,
            ),
            f.title,
            f"{f.subtitle} {f.summary}",
        )


def projects(ids=None):
    """Projects: names, lead agency, place, partners, states and summary."""
    rows = Project.objects.all() if ids is None else Project.objects.filter(pk__in=ids)
    for p in rows:
        yield (
            SearchDocument(
                key=f"project:{p.slug}",
                kind=Kind.PROJEKT,
                title=p.short_name,
                text=p.summary,
                url=p.get_absolute_url(),
                project=p,
            ),
            p.short_name,
            " ".join([p.full_name, p.lead_agency_name, p.place, p.partners, p.states, p.summary]),
        )


# Which documents a source replaces when it is refreshed for some ids: (make, the id field,
# the documents it owns).
SOURCES = {
    "practices": (practices, "practice_id", {"kind": Kind.PRAXIS}),
    "hurdles": (hurdles, "practice_id", {"kind": Kind.HUERDE, "practice__isnull": False}),
    "standalone_hurdles": (
        standalone_hurdles,
        "forum_id",
        {"kind": Kind.HUERDE, "practice__isnull": True},
    ),
    "thementische": (
        thementische,
        "thementisch_id",
        {"kind__in": (Kind.THEMENTISCH, Kind.ERGEBNIS)},
    ),
    "forums": (forums, "forum_id", {"kind": Kind.FORUM}),
    "projects": (projects, "project_id", {"kind": Kind.PROJEKT}),
}
