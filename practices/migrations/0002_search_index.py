"""Create the full-text search structures for the connected database.

PostgreSQL: a GIN index on the stored tsvector and pg_trgm indexes for suggestions.
SQLite: two FTS5 tables (words with diacritics folded, and trigrams for compounds).
Vendor-specific, so it is done here and not in Meta.indexes (which breaks SQLite).
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX practice_search_vector_gin ON practices_practice USING gin (search_vector)",
    "CREATE INDEX practice_title_trgm ON practices_practice USING gin (title gin_trgm_ops)",
    "CREATE INDEX practice_description_trgm ON practices_practice "
    "USING gin (description gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS practice_description_trgm",
    "DROP INDEX IF EXISTS practice_title_trgm",
    "DROP INDEX IF EXISTS practice_search_vector_gin",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE practice_fts USING fts5(title, description, extra, "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
    "CREATE VIRTUAL TABLE practice_trigram USING fts5(body, tokenize='trigram')",
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS practice_trigram",
    "DROP TABLE IF EXISTS practice_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
