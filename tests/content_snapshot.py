"""The curated content as loaded once per test process, put back in a moment after a flush.

Transactional and browser tests empty the database when they end; loading the forum
content again costs seconds each time, copying the loaded tables back a fraction of one.
"""

import sqlite3
import uuid

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from forums.models import Forum
from practices.content import load_content
from rehapro_kb.models import ContentVersion


class ContentSnapshot:
    """A copy of the whole test database taken right after the content was loaded."""

    def __init__(self):
        self._sqlite = None  # an in-memory copy (SQLite's backup API)
        self._tables = None  # [(table, COPY data)] (PostgreSQL)

    def take(self):
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._sqlite = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self._sqlite)
        else:
            self._tables = [(table, _copy_out(table)) for table in _tables()]

    def restore(self):
        """Make the database hold exactly the loaded content again."""
        connection.ensure_connection()
        if connection.in_atomic_block or (self._sqlite is None and self._tables is None):
            load_content()  # inside a test's transaction: a copy cannot replace the database
            return
        if connection.vendor == "sqlite":
            self._sqlite.backup(connection.connection)
        else:
            with transaction.atomic():
                _copy_in(self._tables)
        # Flushing re-created content types with new ids; cached ones would point nowhere.
        ContentType.objects.clear_cache()
        # Processes keep values per content version (glossary, broken links): start afresh.
        ContentVersion.objects.update(token=uuid.uuid4().hex)


def _tables():
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _copy_out(table):
    statement = f'COPY "{table}" TO STDOUT (FORMAT binary)'
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        return b"".join(bytes(block) for block in copy)


def _copy_in(tables):
    with connection.cursor() as cursor:
        names = ", ".join(f'"{table}"' for table, _data in tables)
        cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        for table, data in tables:
            with cursor.cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as copy:
                copy.write(data)
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


snapshot = ContentSnapshot()


def ensure_content():
    """Put the curated content back if a flush emptied the database."""
    if not Forum.objects.exists():
        snapshot.restore()
