"""Keep the search documents and their index (tsvector or FTS5) current."""

from django.db import connection, transaction

from practices.search.german import document_text
from sitesearch import sources
from sitesearch.models import SearchDocument

BATCH = 1000


def _delete(queryset):
    ids = list(queryset.values_list("pk", flat=True))
    if connection.vendor == "sqlite" and ids:
        with connection.cursor() as cursor:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM sitesearch_fts WHERE rowid IN ({marks})", chunk)
    queryset.model.objects.filter(pk__in=ids).delete()


def _index(ids):
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            marks = ", ".join(["%s"] * len(chunk))
            if connection.vendor == "postgresql":
                cursor.execute(
                    "UPDATE sitesearch_searchdocument SET search_vector = "
                    "setweight(to_tsvector('simple', title_tokens), 'A') "
                    "|| setweight(to_tsvector('simple', body_tokens), 'C'), "
                    "title_vector = to_tsvector('simple', title_tokens) "
                    f"WHERE id IN ({marks})",
                    chunk,
                )
            else:
                # A flush (restore) empties the documents but not the FTS5 table: clear first.
                cursor.execute(f"DELETE FROM sitesearch_fts WHERE rowid IN ({marks})", chunk)
                cursor.execute(
                    "INSERT INTO sitesearch_fts(rowid, title, body) SELECT id, title_tokens, "
                    f"body_tokens FROM sitesearch_searchdocument WHERE id IN ({marks})",
                    chunk,
                )


def _write(documents):
    batch, ids = [], []
    for document, title, body in documents:
        document.title_tokens = document_text(title)
        document.body_tokens = document_text(body)
        batch.append(document)
        if len(batch) >= BATCH:
            ids += [d.pk for d in SearchDocument.objects.bulk_create(batch)]
            batch = []
    if batch:
        ids += [d.pk for d in SearchDocument.objects.bulk_create(batch)]
    _index(ids)


def refresh(source, ids=None):
    """Replace the documents of one source (sources.SOURCES) for the given ids (all: None)."""
    make, field, owned = sources.SOURCES[source]
    old = SearchDocument.objects.filter(**owned)
    if ids is not None:
        old = old.filter(**{f"{field}__in": ids})
    with transaction.atomic():
        _delete(old)
        _write(make(ids))


def refresh_practices(ids=None):
    """Practices and their hurdles (all, and everything else, when ids is None)."""
    if ids is None:
        rebuild()
        return
    refresh("practices", ids)
    refresh("hurdles", ids)


def rebuild():
    """Rebuild every document of every kind."""
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM sitesearch_fts")
        SearchDocument.objects.all().delete()
        for source in sources.SOURCES:
            make = sources.SOURCES[source][0]
            _write(make())
