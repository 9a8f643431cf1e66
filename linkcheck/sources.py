"""Which content holds external links, in which fields, and keeping the Link table in step."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from linkcheck.models import Link, LinkUse, host_of
from linkcheck.text_urls import find_urls

MAX_URL_LENGTH = 2000


def _document_is_public(document):
    # A non-public document's address may carry a secret token: never sent to a checker.
    return (
        document.is_public
        and not document.contains_personal_data
        and document.kind != document.Kind.TEILNEHMENDENLISTE
    )


@dataclass(frozen=True)
class Source:
    model: str
    url_fields: tuple = ()
    text_fields: tuple = ()
    doi_fields: tuple = ()
    include: object = field(default=None)

    def model_class(self):
        return apps.get_model(self.model)

    def urls_of(self, obj):
        """Return {(field, url)} for every external address in the object's fields."""
        if self.include is not None and not self.include(obj):
            return set()
        found = set()
        for name in self.url_fields:
            found.add((name, (getattr(obj, name) or "").strip()))
        for name in self.doi_fields:
            doi = (getattr(obj, name) or "").strip()
            found.add((name, f"https://doi.org/{doi}" if doi else ""))
        for name in self.text_fields:
            found.update((name, url) for _start, _end, url in find_urls(getattr(obj, name)))
        return {(name, url) for name, url in found if is_checkable(url)}


def is_checkable(url):
    if not url or len(url) > MAX_URL_LENGTH:
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


SOURCES = (
    Source("forums.Forum", url_fields=("documentation_url",), text_fields=("summary",)),
    Source("forums.Thementisch", text_fields=("summary", "key_results")),
    Source("forums.Document", url_fields=("url",), include=_document_is_public),
    Source("forums.Study", url_fields=("url",), doi_fields=("doi",)),
    Source("practices.Project", url_fields=("website",), text_fields=("summary", "partners")),
    Source("practices.Practice", text_fields=("description", "source_section")),
    Source("practices.Hurdle", text_fields=("text",)),
    Source("glossary.Term", text_fields=("explanation",)),
)


def source_for(model):
    label = model._meta.label
    return next((s for s in SOURCES if s.model == label), None)


def _wanted_of(source, objects):
    return {(obj.pk, name, url) for obj in objects for name, url in source.urls_of(obj)}


def _sync(content_type, wanted, object_ids=None, *, due_now=False):
    """Make the uses of one content type equal `wanted` ({(object_id, field, url)})."""
    uses = LinkUse.objects.filter(content_type=content_type)
    if object_ids is not None:
        uses = uses.filter(object_id__in=object_ids)
    existing = {(u.object_id, u.field, u.link.url): u for u in uses.select_related("link")}
    stale = [u for key, u in existing.items() if key not in wanted]
    new = wanted - existing.keys()
    # Most saves (an import's rows, a publication) change no link: one query, no transaction.
    if new or stale or (due_now and wanted):
        _write(content_type, new, stale, wanted if due_now else set())
    return len(new), len(stale)


@transaction.atomic
def _write(content_type, new, stale, due):
    if new:
        urls = {url for _pk, _field, url in new}
        Link.objects.bulk_create(
            [Link(url=url, host=host_of(url)) for url in urls], ignore_conflicts=True
        )
        ids = {}
        for chunk in _chunks(urls):
            ids.update(Link.objects.filter(url__in=chunk).values_list("url", "pk"))
        LinkUse.objects.bulk_create(
            [
                LinkUse(link_id=ids[url], content_type=content_type, object_id=pk, field=name)
                for pk, name, url in new
            ],
            ignore_conflicts=True,
        )
    for chunk in _chunks([u.pk for u in stale]):
        LinkUse.objects.filter(pk__in=chunk).delete()
    for chunk in _chunks({u.link_id for u in stale}):
        Link.objects.filter(pk__in=chunk, uses__isnull=True).delete()
    now = timezone.now()
    for chunk in _chunks({url for _pk, _field, url in due}):
        Link.objects.filter(url__in=chunk).update(due_at=now)


def _chunks(values, size=500):
    """Split long IN lists (SQLite limits the number of query parameters)."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def check_links_of(obj):
    """Bring the object's links up to date and make them due now (the worker checks them)."""
    sync_objects(type(obj), [obj.pk])


def sync_objects(model, pks):
    """Bring the links of these objects (as committed; deleted ones lose theirs) up to date."""
    source = source_for(model)
    if source is None:
        return
    content_type = ContentType.objects.get_for_model(model)
    for chunk in _chunks(pks):
        objects = model._default_manager.filter(pk__in=chunk)
        _sync(content_type, _wanted_of(source, objects), chunk, due_now=True)


def collect_links():
    """Scan all content and make the Link table match it; return (uses added, uses removed)."""
    added = removed = 0
    for source in SOURCES:
        model = source.model_class()
        content_type = ContentType.objects.get_for_model(model)
        fields = {"pk", *source.url_fields, *source.text_fields, *source.doi_fields}
        objects = model.objects.all()
        if source.include is None:
            objects = objects.only(*fields)
        wanted = _wanted_of(source, objects.iterator(chunk_size=2000))
        a, r = _sync(content_type, wanted)
        added, removed = added + a, removed + r
    return added, removed
