"""Create the full-text index of the search documents for the connected database.

PostgreSQL: a GIN index on the stored tsvector. SQLite: an FTS5 table of the tokens.
Vendor-specific, so it is done here and not in Meta.indexes (which breaks SQLite).
"""

from django.db import migrations

FORWARD = {
    "postgresql": [
        "CREATE INDEX searchdocument_vector_gin ON sitesearch_searchdocument "
        "USING gin (search_vector)"
    ],
    "sqlite": [
        "CREATE VIRTUAL TABLE sitesearch_fts USING fts5(title, body, tokenize='unicode61')"
    ],
}
BACKWARD = {
    "postgresql": ["DROP INDEX IF EXISTS searchdocument_vector_gin"],
    "sqlite": ["DROP TABLE IF EXISTS sitesearch_fts"],
}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0001_search_document")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
