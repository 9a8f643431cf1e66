"""Create many new practices at once: a handful of bulk inserts instead of ~20 queries a row.

Each practice still gets its own history entry (a django-reversion Revision with the
versions of the practice, its hurdles, project links and tag links), written in bulk
exactly as reversion would write them one by one.
"""

import json
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.encoding import force_str
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from practices.models import Hurdle, Practice, Project, ProjectAttribution, TaggedPractice

BATCH_SIZE = 500


def create_practices(practices, parts, comments, user):
    """Insert the unsaved practices, their parts and one revision each; return the practices.

    parts(practice) returns (hurdle texts, {project id: is public}, tags) for one practice;
    comments[i] is the history comment of practices[i].
    """
    Practice.objects.bulk_create(practices, batch_size=BATCH_SIZE)
    hurdles, attributions, tagged = [], [], []
    wanted = [parts(practice) for practice in practices]
    # Objects, not ids: the history's version names ("practice – project") need no query.
    projects_by_id = Project.objects.in_bulk({pk for _t, p, _g in wanted for pk in p})
    for practice, (texts, projects, tags) in zip(practices, wanted, strict=True):
        hurdles += [
            Hurdle(practice=practice, text=text, position=position)
            for position, text in enumerate(texts, start=1)
        ]
        attributions += [
            ProjectAttribution(practice=practice, project=projects_by_id[pk], is_public=public)
            for pk, public in projects.items()
        ]
        tagged += [TaggedPractice(content_object=practice, tag=tag) for tag in tags]
    Hurdle.objects.bulk_create(hurdles, batch_size=BATCH_SIZE)
    ProjectAttribution.objects.bulk_create(attributions, batch_size=BATCH_SIZE)
    TaggedPractice.objects.bulk_create(tagged, batch_size=BATCH_SIZE)
    record_history(practices, (hurdles, attributions, tagged), comments, user)
    return practices


def record_history(practices, part_lists, comments, user):
    """Give each practice a revision holding it and its parts, as reversion would write it."""
    now = timezone.now()
    revisions = [Revision(date_created=now, user=user, comment=comment) for comment in comments]
    Revision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
    by_practice = defaultdict(list)
    for objects in part_lists:
        for obj in objects:
            owner = obj.content_object_id if isinstance(obj, TaggedPractice) else obj.practice_id
            by_practice[owner].append(obj)
    owned = [(practice, *by_practice[practice.pk]) for practice in practices]
    data = _serialized([obj for objects in owned for obj in objects])
    versions = [
        _version(obj, revision, data[id(obj)])
        for objects, revision in zip(owned, revisions, strict=True)
        for obj in objects
    ]
    Version.objects.bulk_create(versions, batch_size=BATCH_SIZE)


def _serialized(objects):
    """Return {id(obj): serialized_data} as reversion stores it, one serializer run per model.

    Django's JSON serializer called once per object spent most of its time in json.dump's
    pure-Python stream writing; the python serializer plus one json.dumps gives the same text.
    """
    by_model = defaultdict(list)
    for obj in objects:
        by_model[obj.__class__].append(obj)
    data = {}
    for model, group in by_model.items():
        options = _get_options(model)
        if options.format != "json":
            for obj in group:
                data[id(obj)] = serializers.serialize(
                    options.format,
                    (obj,),
                    fields=options.fields,
                    use_natural_foreign_keys=options.use_natural_foreign_keys,
                )
            continue
        dumped = serializers.serialize(
            "python",
            group,
            fields=options.fields,
            use_natural_foreign_keys=options.use_natural_foreign_keys,
        )
        for obj, record in zip(group, dumped, strict=True):
            data[id(obj)] = (
                "[" + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False) + "]"
            )
    return data


def _version(obj, revision, serialized_data):
    """The Version django-reversion's add_to_revision would store for this object."""
    options = _get_options(obj.__class__)
    return Version(
        revision=revision,
        content_type=ContentType.objects.get_for_model(obj.__class__),
        object_id=force_str(getattr(obj, options.object_id_field)),
        db="default",
        format=options.format,
        serialized_data=serialized_data,
        object_repr=force_str(obj),
    )
