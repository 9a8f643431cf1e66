"""A practice's editable content as a plain dict: taken live or from history, and applied."""

import reversion
from django.db import transaction
from django.utils.translation import gettext as _

from forums.models import Forum, Thementisch
from practices.models import Hurdle, Practice, Project, ProjectAttribution, TaggedPractice
from practices.signals import parts_saved_with_practice

# The practice's own editable fields, in form order; the references hold primary keys.
FIELDS = (
    "title",
    "slug",
    "description",
    "category",
    "status",
    "entry_type",
    "aspect",
    "forum",
    "thementisch",
    "source_section",
    "status_reason",
    "editorial_note",
)
# Versions stored before a field existed get its default, so they can still be applied.
DEFAULTS = {"entry_type": Practice.EntryType.PRAXISBEISPIEL}
# Hurdles in their order, with [kind, source] of each in `hurdle_details` (a key of its own,
# so proposals stored before it, and their diffs, still read); tags sorted by name, project
# links sorted as [project slug, is_public].
RELATED = ("hurdles", "hurdle_details", "tags", "projects")
KEYS = FIELDS + RELATED
REFERENCES = ("forum", "thementisch")


def _attname(name):
    return f"{name}_id" if name in REFERENCES else name


class SnapshotError(Exception):
    """A snapshot refers to something that no longer exists, or clashes with another practice."""


def _sorted_tags(names):
    return sorted(set(names), key=lambda name: (name.casefold(), name))


def _sorted_projects(links):
    # Lists, not tuples: a snapshot must compare equal after a round trip through JSON.
    return sorted([slug, bool(is_public)] for slug, is_public in links)


def normalize(data):
    """Return the snapshot with tags and project links in their canonical order."""
    return {
        **data,
        "tags": _sorted_tags(data["tags"]),
        "projects": _sorted_projects(data["projects"]),
    }


def snapshot(practice):
    """Return everything editable about the practice, as stored now."""
    data = {name: getattr(practice, _attname(name)) for name in FIELDS}
    hurdles = Hurdle.objects.filter(practice=practice).order_by("position", "id")
    rows = list(hurdles.values_list("text", "kind", "source"))
    data["hurdles"] = [text for text, _kind, _source in rows]
    data["hurdle_details"] = [[kind, source] for _text, kind, source in rows]
    data["tags"] = _sorted_tags(
        TaggedPractice.objects.filter(content_object=practice).values_list("tag__name", flat=True)
    )
    data["projects"] = _sorted_projects(
        ProjectAttribution.objects.filter(practice=practice).values_list(
            "project__slug", "is_public"
        )
    )
    return data


def snapshot_of_version(version):
    """Return the snapshot a django-reversion version of a practice stored."""
    fields = version.field_dict
    # Versions stored before a field existed lack it.
    data = {
        name: fields.get(_attname(name), None if name in REFERENCES else DEFAULTS.get(name, ""))
        for name in FIELDS
    }
    practice_id = str(version.object_id)
    # A revision may hold other practices' parts too (bulk actions, imports): keep only ours.
    related = {Hurdle: [], ProjectAttribution: [], TaggedPractice: []}
    for other in version.revision.version_set.all():
        model = other._model
        if model in related:
            related[model].append(other.field_dict)
    hurdles = sorted(
        (h for h in related[Hurdle] if str(h["practice_id"]) == practice_id),
        key=lambda h: (h.get("position") or 0, h.get("id") or 0),
    )
    data["hurdles"] = [h["text"] for h in hurdles]
    # Versions stored before hurdles had a kind and source hold neither.
    data["hurdle_details"] = [[h.get("kind", ""), h.get("source", "")] for h in hurdles]
    tag_ids = [
        t["tag_id"] for t in related[TaggedPractice] if str(t["content_object_id"]) == practice_id
    ]
    # A tag deleted since has lost its name; it cannot come back.
    names = dict(
        TaggedPractice.tag_model().objects.filter(pk__in=tag_ids).values_list("pk", "name")
    )
    data["tags"] = _sorted_tags(names[pk] for pk in tag_ids if pk in names)
    links = [a for a in related[ProjectAttribution] if str(a["practice_id"]) == practice_id]
    slugs = dict(
        Project.objects.filter(pk__in=[a["project_id"] for a in links]).values_list("pk", "slug")
    )
    data["projects"] = _sorted_projects(
        (slugs[a["project_id"]], a["is_public"]) for a in links if a["project_id"] in slugs
    )
    return data


def _resolve(snap, practice):
    """Look up what the snapshot refers to; refuse what is gone or taken."""
    forum = Forum.objects.filter(pk=snap["forum"]).first()
    if forum is None:
        raise SnapshotError(_("Das Fachforum dieser Fassung gibt es nicht mehr."))
    thementisch = None
    if snap["thementisch"] is not None:
        thementisch = Thementisch.objects.filter(pk=snap["thementisch"]).first()
        if thementisch is None:
            raise SnapshotError(_("Der Thementisch dieser Fassung existiert nicht mehr."))
    wanted = [slug for slug, _public in snap["projects"]]
    projects = Project.objects.in_bulk(wanted, field_name="slug")
    missing = [slug for slug in wanted if slug not in projects]
    if missing:
        raise SnapshotError(
            _("Diese Projekte gibt es nicht mehr: %(slugs)s.") % {"slugs": ", ".join(missing)}
        )
    if Practice.objects.filter(slug=snap["slug"]).exclude(pk=practice.pk).exists():
        raise SnapshotError(
            _("Der Kurzname „%(slug)s“ gehört inzwischen einem anderen Praxisbeispiel.")
            % {"slug": snap["slug"]}
        )
    return forum, thementisch, projects


def apply_snapshot(practice, snap, user, *, comment, expected_token=None):
    """Make the practice's content what the snapshot says, as one history revision.

    Never touches the publication state. With `expected_token`, refuse (StaleEditError) if
    the practice was saved since. Parts that did not change keep their rows.
    """
    forum, thementisch, projects = _resolve(snap, practice)
    with transaction.atomic(), reversion.create_revision():
        for name in FIELDS:
            if name not in REFERENCES:
                setattr(practice, name, snap[name])
        practice.forum = forum
        practice.thementisch = thementisch
        practice.save(expected_token=expected_token)
        # The parts ride on the edit token this save set, the one the revision stores.
        with parts_saved_with_practice():
            _set_hurdles(practice, snap["hurdles"], snap.get("hurdle_details"))
            _set_tags(practice, snap["tags"])
            _set_projects(practice, snap["projects"], projects)
        reversion.set_user(user)
        reversion.set_comment(comment)
    return practice


def _set_hurdles(practice, texts, details=None):
    """Make the practice's hurdles these texts (with [kind, source] each, where known)."""
    current = list(Hurdle.objects.filter(practice=practice).order_by("position", "id"))
    if details is None or len(details) != len(texts):
        # A proposal stored before hurdles had details: keep what each position has now.
        details = [[h.kind, h.source] for h in current[: len(texts)]]
        details += [["", ""]] * (len(texts) - len(details))
    wanted = [(text, kind, source) for text, (kind, source) in zip(texts, details, strict=True)]
    if [(h.text, h.kind, h.source) for h in current] == wanted:
        return
    for position, (text, kind, source) in enumerate(wanted, start=1):
        if position <= len(current):
            hurdle = current[position - 1]
            if (hurdle.text, hurdle.kind, hurdle.source, hurdle.position) != (
                text,
                kind,
                source,
                position,
            ):
                hurdle.text, hurdle.kind, hurdle.source = text, kind, source
                hurdle.position = position
                hurdle.save()
        else:
            Hurdle.objects.create(
                practice=practice, text=text, kind=kind, source=source, position=position
            )
    for hurdle in current[len(texts) :]:
        hurdle.delete()


def _set_tags(practice, names):
    current = practice.tags.values_list("name", flat=True)
    if _sorted_tags(current) != _sorted_tags(names):
        practice.tags.set(list(names))


def _set_projects(practice, links, projects):
    wanted = {slug: is_public for slug, is_public in links}
    for attribution in ProjectAttribution.objects.filter(practice=practice).select_related(
        "project"
    ):
        slug = attribution.project.slug
        if slug not in wanted:
            attribution.delete()
        elif attribution.is_public != wanted[slug]:
            attribution.is_public = wanted[slug]
            attribution.save()
        wanted.pop(slug, None)
    for slug, is_public in wanted.items():
        ProjectAttribution.objects.create(
            practice=practice, project=projects[slug], is_public=is_public
        )
